/**
 * The parse cache's entries, end to end through the installed CLI (dist/):
 * a cold `build` (its evaluation in a worker the build stops once it has
 * the result) and a cold `eval` (in the command's own thread) of a flake
 * importing 40 modules leave an entry for each of its 41 files and no
 * temporary file, though all but the first few were written on a thread
 * of their own (src/nix/parser/entry-writer.ts); the next run reads them
 * and writes none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const MODULES = 40;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sm-parse-cache-writes-"));
  const flake = join(dir, "flake");
  mkdirSync(join(flake, "modules"), { recursive: true });
  mkdirSync(join(dir, "root"));
  for (let i = 0; i < MODULES; i++) writeFileSync(join(flake, "modules", `m${i}.nix`), `{ lib, ... }: { environment.etc."m${i}".text = lib.concatStrings [ "module " "${i}\\n" ]; }\n`);
  writeFileSync(
    join(flake, "flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; } ] ++ builtins.genList (i: ./modules + "/m\${toString i}.nix") ${MODULES};
    };
  };
}
`,
  );
  const cache = join(dir, "cache");
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off" };
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const entries = () => readdirSync(join(cache, "system-manager/nix-parse/v5"));
  return { dir, flake, root: join(dir, "root"), run, entries };
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
