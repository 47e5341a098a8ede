/**
 * -v/--verbose covers the build (#15), through the installed launcher (run
 * `node scripts/build.mjs` first): the evaluation cache's answer and why
 * (miss: no entry; hit; stored), each build phase's time, the
 * configuration's loading, and every store path of the generation's batch,
 * written or kept. Without -v none of it; and -v does not change what the
 * cache is keyed on, so a quiet build's entry answers a verbose one.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const f = systemFlake("sm-verbose-build-", `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."v.txt".text = "v\\n"; }`);
after(() => rmSync(f.dir, { recursive: true, force: true }));

function build(root: string, verbose: boolean) {
  const r = spawnSync(process.execPath, [CLI, ...(verbose ? ["-v"] : []), "build", "--flake", f.flake, "--root", root], { encoding: "utf8", env: f.env });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

test("a quiet build prints no debug line; -v on the same invocation is answered by its cache entry and says so", () => {
  const root = join(f.dir, "one");
  mkdirSync(root);
  assert.doesNotMatch(build(root, false), /debug:/);
  const verbose = build(root, true);
  assert.match(verbose, /^debug: eval cache: hit \([0-9a-z]+\): \/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-manager, nothing evaluated$/m);
  assert.doesNotMatch(verbose, /^debug: build: /m, "nothing was evaluated or built");
});

test("-v on a first build: the miss and its reason, the configuration's loading, each phase's time, the store paths written, the entry stored", () => {
  const root = join(f.dir, "two");
  mkdirSync(root);
  const err = build(root, true);
  for (const line of [
    /^debug: eval cache: miss \([0-9a-z]+\): no entry for this invocation$/m,
    /^debug: build: loaded the configuration \(flake .*\) in \d+ ms$/m,
    /^debug: build: evaluated the modules and checked the assertions in \d+ ms$/m,
    /^debug: build: made the generation's content \(files, users, units, homes\) in \d+ ms$/m,
    /^debug: build: wrote the store paths in \d+ ms$/m,
    /^debug: build: \d+ store path\(s\) in the generation's batch, \d+ written now$/m,
    /^debug: build: {3}written \/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-manager$/m,
    /^debug: build: evaluated and built in \d+ ms: \/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-manager$/m,
    /^debug: eval cache: stored \([0-9a-z]+\) with \d+ dependencies$/m,
  ]) assert.match(err, line);
});

test("-v with --no-eval-cache says the cache is off", () => {
  const root = join(f.dir, "three");
  mkdirSync(root);
  const r = spawnSync(process.execPath, [CLI, "-v", "build", "--no-eval-cache", "--flake", f.flake, "--root", root], { encoding: "utf8", env: f.env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^debug: eval cache: off \(--no-eval-cache or --repair\): evaluating$/m);
});
