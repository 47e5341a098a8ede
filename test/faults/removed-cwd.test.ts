/**
 * A working directory removed while in use (a shell left in a deleted
 * directory): every launcher's command that needs it ends in a user error
 * saying so (exit 1, no stack), as Nix's "getting current directory"; one
 * that needs none still runs.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "sm-removed-cwd-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const MESSAGE = "error: Cannot use the current directory: it no longer exists; run the command from a directory that exists\n";

/** Runs a launcher from a directory removed just before Node starts. */
function fromRemoved(launcher: string, ...args: string[]) {
  const gone = mkdtempSync(join(scratch, "cwd-"));
  const env = { ...process.env, HOME: scratch, XDG_CACHE_HOME: join(scratch, "cache"), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_LARGE_STACK: undefined };
  return spawnSync("sh", ["-c", `cd "$1" && rmdir "$1" && shift && exec "$@"`, "sh", gone, process.execPath, bin(launcher), ...args], { encoding: "utf8", env });
}

test("build, switch, eval and home-manager build from a removed directory: a user error, exit 1", () => {
  const root = join(scratch, "root");
  for (const [launcher, ...args] of [
    ["system-manager", "build", "--flake", join(scratch, "flake"), "--root", root],
    ["system-manager", "switch", "--flake", join(scratch, "flake"), "--root", root],
    ["system-manager", "eval", "--expr", "1 + 1"],
    ["home-manager", "build", "--flake", join(scratch, "flake")],
  ] as const) {
    const r = fromRemoved(launcher, ...args);
    assert.equal(r.stderr, MESSAGE, `${launcher} ${args[0]}`);
    assert.equal(r.status, 1);
  }
});

test("a command that needs no working directory still runs", () => {
  const r = fromRemoved("system-manager", "--version");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^system-manager /);
});
