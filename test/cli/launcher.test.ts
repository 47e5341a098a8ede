/**
 * The installed launchers (bin/): commands that evaluate Nix run with a
 * stack deep enough for Nix's 10,000 nested calls, in a worker thread with
 * a large stack (an eval once it ran out of the main thread's; a build
 * once it knows it must evaluate, or at once when it will likely evaluate:
 * bin/build-ahead.js), and exit codes and output pass through unchanged: in
 * order, a user error rendered as in one thread.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { systemFlake } from "../helpers/scratch-flake.ts";

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

test("with a small stack rlimit (soft and hard) a deep eval still runs: the worker's stack is its own", () => {
  const r = spawnSync("sh", ["-c", `ulimit -s 1024 && exec "$0" "$@"`, process.execPath, bin, "eval", "--expr", deep(9000)], { encoding: "utf8", env });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "9000\n");
  assert.equal(r.status, 0);
});

test("an eval that overflows the default stack is run again in a worker with a large one, and what the first run printed is dropped", () => {
  const expr = `builtins.trace "once" (${deep(5000)})`;
  const r = spawnSync(process.execPath, [bin, "eval", "--expr", expr], { encoding: "utf8", env });
  assert.equal(r.stderr, "trace: once\n");
  assert.equal(r.stdout, "5000\n");
});

const scratch: string[] = [];
after(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A flake in a scratch directory whose one module is `module`; its build's arguments and options. */
function flake(module: string) {
  const dir = mkdtempSync(join(tmpdir(), "sm-launcher-"));
  scratch.push(dir);
  mkdirSync(join(dir, "root"));
  mkdirSync(join(dir, "flake"));
  writeFileSync(
    join(dir, "flake", "flake.nix"),
    `{ inputs.system-manager.url = "github:numtide/system-manager";
       outputs = { self, system-manager }: { systemConfigs.default = system-manager.lib.makeSystemConfig {
         modules = [ ${module} ]; }; }; }`,
  );
  const args = [bin, "build", "--flake", join(dir, "flake"), "--root", join(dir, "root")];
  return { dir, args, opts: { encoding: "utf8", env: { ...env, SYSTEM_MANAGER_PACKAGES: "off", HOME: dir, XDG_CACHE_HOME: join(dir, "cache") } } as const };
}

test("build evaluates in a worker with a large stack: 5,000 nested Nix calls build, trace and warning in order; the cached second build prints the warning again", () => {
  const { dir, args, opts } = flake(`{ nixpkgs.hostPlatform = "x86_64-linux"; warnings = [ "deep" ]; environment.etc.depth.text = builtins.trace "evaluating" (toString (${deep(5000)})); }`);
  const first = spawnSync(process.execPath, args, opts);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stderr, "trace: evaluating\nevaluation warning: deep\n");
  const second = spawnSync(process.execPath, args, opts);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stderr, "evaluation warning: deep\n", "answered by the cache");
  assert.equal(second.stdout, first.stdout);
  assert.deepEqual(readdirSync(join(dir, "root/var/lib/system-manager/temproots")), [], "the generation's temporary root, taken over from the worker, went with the process");
});

test("build --no-eval-cache: the main thread hashes nothing, so it never loads node:crypto (the bundle loads it on first use); the worker evaluates", () => {
  const { dir, args, opts } = flake(`{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.x.text = "x"; }`);
  const recorder = join(dir, "recorder.cjs");
  writeFileSync(recorder, `process.on("exit", () => require("node:fs").writeFileSync(process.env.SM_TEST_LOADED, process.moduleLoadList.join("\\n")));\n`);
  const loaded = join(dir, "loaded.txt");
  const r = spawnSync(process.execPath, [...args, "--no-eval-cache"], { ...opts, env: { ...opts.env, NODE_OPTIONS: `--require ${recorder}`, SM_TEST_LOADED: loaded } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /-system-manager\n$/);
  const modules = readFileSync(loaded, "utf8").split("\n");
  assert.ok(modules.includes("NativeModule worker_threads"), "the recorder saw the main thread start the worker");
  assert.deepEqual(modules.filter((m) => /^NativeModule (crypto|internal\/crypto\/.*)$/.test(m)), []);
});

test("a build of a flake not built before evaluates in the worker started at launch; the build the cache answers starts none", (t) => {
  if (availableParallelism() < 2) return t.skip("one processor: nothing is started ahead (bin/large-stack-worker.js)");
  const { dir, args, opts } = flake(`{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.x.text = "x"; }`);
  const first = spawnSync(process.execPath, [...args, "-v"], opts);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /^debug: build: evaluating in the worker started at launch$/m);
  const recorder = join(dir, "recorder.cjs");
  writeFileSync(recorder, `process.on("exit", () => require("node:fs").writeFileSync(process.env.SM_TEST_LOADED, process.moduleLoadList.join("\\n")));\n`);
  const loaded = join(dir, "loaded.txt");
  const second = spawnSync(process.execPath, args, { ...opts, env: { ...opts.env, NODE_OPTIONS: `--require ${recorder}`, SM_TEST_LOADED: loaded } });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.ok(!readFileSync(loaded, "utf8").split("\n").includes("NativeModule worker_threads"), "answered by the cache, with no worker started");
});

test("a user error in a worker's evaluation is rendered as in one thread (location, code frame, frames) and exits 1", () => {
  const { dir, args, opts } = flake(`{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.x.text = builtins.trace "before" (1 + "a"); }`);
  const r = spawnSync(process.execPath, args, opts);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^trace: before\n(trace: before\n)*error: cannot add a string to an integer\n {7}at .*\/flake\/flake\.nix:3:\d+:\n/);
  assert.match(r.stderr, /> 3 \|/);
  assert.match(r.stderr, /… while evaluating the option `environment\.etc\.x\.text'/);
  const state = (d: string) => (existsSync(join(dir, "root/var/lib/system-manager", d)) ? readdirSync(join(dir, "root/var/lib/system-manager", d)) : []);
  assert.deepEqual([state("eval-cache"), state("temproots")], [[], []]);
  // The same evaluation on the main thread (SYSTEM_MANAGER_LARGE_STACK: the process has its own large stack) prints the same.
  const here = spawnSync(process.execPath, args, { ...opts, env: { ...opts.env, SYSTEM_MANAGER_LARGE_STACK: "1" } });
  assert.equal(here.status, 1);
  assert.equal(r.stderr, here.stderr);
});

test("SIGTERM during a worker's evaluation ends the build, which wrote no generation", async () => {
  const long = "builtins.foldl' (a: i: builtins.foldl' builtins.add a (builtins.genList (x: x) 10000)) 0 (builtins.genList (x: x) 1000000)";
  const { dir, args, opts } = flake(`{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.x.text = builtins.trace "started" (toString (${long})); }`);
  const child = spawn(process.execPath, args, { env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  for await (const chunk of child.stderr) if ((err += String(chunk)).includes("trace: started")) break;
  child.kill("SIGTERM");
  const [code, signal] = await once(child, "exit");
  assert.deepEqual([code, signal], [null, "SIGTERM"]);
  const gens = join(dir, "root/var/lib/system-manager/store");
  assert.deepEqual(existsSync(gens) ? readdirSync(gens).filter((n) => n.endsWith("-system-manager")) : [], []);
});

test("option after a global flag (-v, --nix-option NAME VALUE) still evaluates in the worker with a large stack", () => {
  const { dir, flake, env: flakeEnv } = systemFlake("sm-launcher-option-", `({ ... }: { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."deep".text = toString (${deep(5000)}); })`);
  try {
    const r = spawnSync(process.execPath, [bin, "-v", "--nix-option", "max-call-depth", "10000", "option", "environment.etc.deep.text", "--flake", flake, "--offline"], { encoding: "utf8", env: { ...flakeEnv, SYSTEM_MANAGER_LARGE_STACK: undefined } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /5000/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
