/**
 * The parse cache's entries, end to end through the installed CLI (dist/):
 * a cold `build` (its evaluation in a worker the build stops once it has
 * the result) and a cold `eval` (in the command's own thread) of a flake
 * importing 40 modules leave an entry for each of its files and no
 * temporary file, though all but the first few were written on a thread
 * of their own (src/nix/parser/entry-writer.ts); the next run reads them
 * and writes none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const MODULES = 40;

function setup() {
  const { flake, root, env } = systemFlake("sm-parse-cache-writes-", `./all.nix { nixpkgs.hostPlatform = "x86_64-linux"; }`);
  writeFileSync(join(flake, "all.nix"), `{ imports = builtins.genList (i: ./modules + "/m\${toString i}.nix") ${MODULES}; }\n`);
  mkdirSync(join(flake, "modules"));
  for (let i = 0; i < MODULES; i++) writeFileSync(join(flake, "modules", `m${i}.nix`), `{ lib, ... }: { environment.etc."m${i}".text = lib.concatStrings [ "module " "${i}\\n" ]; }\n`);
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const entries = () => readdirSync(join(env.XDG_CACHE_HOME as string, "system-manager/nix-parse/v5"));
  return { flake, root, run, entries };
}

/** Every file's entry (flake.nix and the modules; the CLI's own Nix files too, if any), and no temporary file. */
function assertComplete(entries: readonly string[]): void {
  assert.deepEqual(
    entries.filter((e) => !/^[0-9a-f]{64}$/.test(e)),
    [],
    "only whole entries",
  );
  assert.ok(entries.length >= MODULES + 1, `${entries.length} entries`);
}

test("a cold build, evaluated in a worker stopped once its result is taken, leaves every file's parse cache entry", () => {
  const s = setup();
  s.run("build", "--offline", "--flake", s.flake, "--root", s.root);
  const first = s.entries();
  assertComplete(first);
  s.run("build", "--offline", "--no-eval-cache", "--flake", s.flake, "--root", s.root);
  assert.deepEqual(s.entries().sort(), first.sort(), "the next evaluation reads them and adds none");
});

test("a cold eval of the flake, in the command's own thread, leaves every file's parse cache entry", () => {
  const s = setup();
  const out = s.run("eval", "--offline", "--json", "--flake", `${s.flake}#systemConfigs.default.config.environment.etc.m39.text`);
  assert.equal(JSON.parse(out), "module 39\n");
  assertComplete(s.entries());
});
