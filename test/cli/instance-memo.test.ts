/**
 * The memo of submodule instances, end to end through the installed CLI
 * (dist/): after a build, changing one of a home's 40 `home.file` entries
 * evaluates that entry and answers the others from the memo (-v says how
 * many), and the generation is the very one a build without any cache
 * (--no-eval-cache, no memo either) makes; a memo file that is not ours
 * (writable by others) is not read.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { homeFilesFlake } from "../helpers/home-files-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const FILES = 40;

const flakeText = (changed: number) => homeFilesFlake(FILES, changed, `\n            xdg.configFile."app/settings".text = "x = 1\\n";`);

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sm-instance-memo-"));
  const flake = join(dir, "flake");
  const root = join(dir, "root");
  mkdirSync(flake);
  mkdirSync(root);
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, "cache"), SYSTEM_MANAGER_PACKAGES: "off" };
  const build = (changed: number, ...args: string[]) => {
    writeFileSync(join(flake, "flake.nix"), flakeText(changed));
    const r = spawnSync(process.execPath, [CLI, "build", "-v", "--offline", "--flake", flake, "--root", root, ...args], { encoding: "utf8", env });
    assert.equal(r.status, 0, r.stderr);
    const memo = /instance memo: (\d+) submodule instances reused, (\d+) evaluated/.exec(r.stderr);
    return { path: r.stdout.trim().split("\n").at(-1) as string, reused: memo === null ? undefined : Number(memo[1]), evaluated: memo === null ? undefined : Number(memo[2]) };
  };
  return { root, build };
}

test("a changed home.file entry is evaluated alone, and the generation is the one a build without caches makes", () => {
  const { root, build } = setup();
  const first = build(-1);
  assert.equal(first.reused, 0);
  // home.file's 40, xdg.configFile's one, and that one again as the home.file entry it becomes.
  assert.equal(first.evaluated, FILES + 2, "every entry is evaluated the first time");

  const changed = build(7);
  assert.equal(changed.reused, FILES + 1, "the unchanged entries are answered by the memo");
  assert.equal(changed.evaluated, 1);
  assert.notEqual(changed.path, first.path);
  const uncached = build(7, "--no-eval-cache");
  assert.equal(uncached.reused, undefined, "--no-eval-cache uses no memo");
  assert.equal(uncached.path, changed.path, "the memo gives the generation evaluation gives");

  const back = build(-1);
  assert.equal(back.path, first.path);
  assert.equal(back.reused, undefined, "the change undone is answered by the evaluation cache's entry from before it");
  const cache = join(root, "var/lib/system-manager/eval-cache");
  for (const n of readdirSync(cache).filter((f) => f.endsWith(".json"))) rmSync(join(cache, n));
  const evaluated = build(-1);
  assert.equal(evaluated.path, first.path);
  assert.equal(evaluated.evaluated, 0, "entry 7 as it was is still in the memo: builds append to it");
});

test("a memo in a cache directory others can write is not read", () => {
  const { root, build } = setup();
  build(-1);
  chmodSync(join(root, "var/lib/system-manager/eval-cache"), 0o777);
  const r = build(3);
  assert.equal(r.reused ?? 0, 0);
});
