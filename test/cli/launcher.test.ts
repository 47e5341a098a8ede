/**
 * The installed launchers (bin/): commands that evaluate Nix run with a
 * stack deep enough for Nix's 10,000 nested calls (relaunched only when
 * needed: a build that must evaluate, an eval that ran out of stack), and
 * exit codes and output pass through the relaunch unchanged.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

test("an overflow at the default stack is run again with a large one, and what the first run printed is dropped", () => {
  const expr = `builtins.trace "once" (${deep(5000)})`;
  const r = spawnSync(process.execPath, [bin, "eval", "--expr", expr], { encoding: "utf8", env });
  assert.equal(r.stderr, "trace: once\n");
  assert.equal(r.stdout, "5000\n");
});

test("build relaunches on demand: a flake whose evaluation nests 5,000 Nix calls builds, and its cached second build needs no large stack", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-launcher-"));
  mkdirSync(join(dir, "root"));
  mkdirSync(join(dir, "flake"));
  writeFileSync(
    join(dir, "flake", "flake.nix"),
    `{ inputs.system-manager.url = "github:numtide/system-manager";
       outputs = { self, system-manager }: { systemConfigs.default = system-manager.lib.makeSystemConfig {
         modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.depth.text = toString (${deep(5000)}); } ]; }; }; }`,
  );
  const args = [bin, "build", "--flake", join(dir, "flake"), "--root", join(dir, "root")];
  const opts = { encoding: "utf8", env: { ...env, SYSTEM_MANAGER_PACKAGES: "off", HOME: dir } } as const;
  const first = spawnSync(process.execPath, args, opts);
  assert.equal(first.status, 0, first.stderr);
  // With a 1 MiB stack rlimit there is no relaunch, and evaluating would overflow: only the cache answers.
  const second = spawnSync("sh", ["-c", `ulimit -s 1024 && exec "$0" "$@"`, process.execPath, ...args], opts);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
});

test("the relaunch raises a low soft stack rlimit as far as the hard one allows", { skip: /unlimited/.test(spawnSync("sh", ["-c", "ulimit -Hs"], { encoding: "utf8" }).stdout) ? false : "the hard stack rlimit is not unlimited" }, () => {
  const r = spawnSync("sh", ["-c", `ulimit -Ss 2048 && exec "$0" "$@"`, process.execPath, bin, "eval", "--expr", deep(9000)], { encoding: "utf8", env });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "9000\n");
});
