/**
 * Loaded into every test process (scripts/test.mjs, `--import`): as an
 * ordinary user, removing a temporary tree a test made fails on its
 * read-only directories (store paths are made read-only, as Nix makes
 * them), which root never sees. So fs.rmSync, asked to remove a tree
 * recursively under the run's temporary directory, makes the tree's
 * directories writable and tries again when refused (EACCES, EPERM).
 * Only the tests' own removals pass here (their caller is a test file or
 * helper): the code under test must remove its own read-only trees, and
 * the CLI the tests start runs without it.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";

const original = fs.rmSync;

/** Makes every directory of the tree at `path` writable by its owner (links are not followed). */
function writable(path: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  try {
    fs.chmodSync(path, st.mode | 0o700);
  } catch {
    return;
  }
  for (const name of fs.readdirSync(path)) writable(join(path, name));
}

/** Whether the removal was asked for by a test's own code (a *.test.ts file or a file under test/), not by the code under test. */
function calledByTest(): boolean {
  const caller = new Error().stack?.split("\n")[3] ?? "";
  return /\.test\.ts:\d+|\/test\//.test(caller);
}

function rmSync(path: fs.PathLike, options?: fs.RmOptions): void {
  try {
    original(path, options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const p = resolve(String(path));
    if (options?.recursive !== true || (code !== "EACCES" && code !== "EPERM") || !p.startsWith(`${tmpdir()}/`) || !calledByTest()) throw e;
    writable(p);
    original(path, options);
  }
}

fs.rmSync = rmSync;
syncBuiltinESMExports();
