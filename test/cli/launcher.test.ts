/**
 * The installed launchers (bin/): commands that evaluate Nix run with a
 * stack deep enough for Nix's 10,000 nested calls, and exit codes and
 * output pass through the relaunch unchanged.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const bin = fileURLToPath(new URL("../../bin/system-manager.js", import.meta.url));
const deep = (n: number) => `let f = n: if n == 0 then 0 else 1 + f (n - 1); in f ${n}`;
const env = { ...process.env, SYSTEM_MANAGER_LARGE_STACK: undefined };

test("eval handles 9,000 nested Nix calls (the main thread's default stack holds about 1,500)", () => {
  const r = spawnSync(process.execPath, [bin, "eval", "--expr", deep(9000)], { encoding: "utf8", env });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "9000\n");
  assert.equal(r.status, 0);
});

test("runaway recursion still ends in Nix's error, with exit code 1", () => {
  const r = spawnSync(process.execPath, [bin, "eval", "--expr", "let f = n: f (n + 1); in f 0"], { encoding: "utf8", env });
  assert.match(r.stderr, /^error: stack overflow; max-call-depth exceeded/);
  assert.equal(r.status, 1);
});

test("with a small stack rlimit the command runs in place, at the default depth", () => {
  const r = spawnSync("sh", ["-c", `ulimit -s 1024 && exec "$0" "$@"`, process.execPath, bin, "eval", "--expr", deep(500)], { encoding: "utf8", env });
  assert.equal(r.stdout, "500\n");
  assert.equal(r.status, 0);
});
