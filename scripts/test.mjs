// Runs every *.test.ts under src/, test/ and bench/ with Node's built-in test
// runner (TypeScript loaded through tsx). Extra arguments filter by path.
// The tests get a throw-away HOME and XDG_CACHE_HOME: what the CLI caches
// for a caller that names no home of its own (parse cache, compiled
// TypeScript configs) lands there, not in the real home. Files run one per
// processor, at most 4 (Node's default is one fewer than the processors:
// on CI's 2, one at a time, while most files wait on child processes and
// the disk); every file works in its own temporary directories, which are
// made in one of the run's own (TMPDIR; like /tmp, anyone may make
// entries in it when root, as the tests that change user do) and removed
// with it: a run leaves nothing in the system's temporary directory.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const roots = ["src", "test"];
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (name === "node_modules" || name === "fixtures") continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.ts") && (filters.length === 0 || filters.some((f) => p.includes(f)))) files.push(p);
  }
}
roots.forEach(walk);
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const home = mkdtempSync(join(tmpdir(), "system-manager-test-home-"));
const tmp = mkdtempSync(join(tmpdir(), "system-manager-test-tmp-"));
if (process.getuid?.() === 0) chmodSync(tmp, 0o1777);
const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, ".cache"), TMPDIR: tmp };
const concurrency = Math.min(Math.max(availableParallelism(), 1), 4);
// As an ordinary user, the tests' removal of their read-only trees needs a hand (test/helpers/removable-trees.ts).
const removable = join(import.meta.dirname, "..", "test", "helpers", "removable-trees.ts");
const r = spawnSync(process.execPath, ["--import", "tsx", "--import", removable, "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files], { stdio: "inherit", env });
for (const dir of [home, tmp]) {
  try {
    // Read-only trees the tests left (store paths), which an ordinary user must make writable to remove.
    spawnSync("chmod", ["-R", "u+w", dir], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    console.error(`could not remove ${dir}: ${e.message}`);
  }
}
process.exit(r.status ?? 1);
