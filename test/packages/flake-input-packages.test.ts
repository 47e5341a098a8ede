/**
 * Packages a flake takes straight from its nixpkgs input
 * (`nixpkgs.legacyPackages.<system>.X`, `import nixpkgs { … }`), not from
 * the modules' `pkgs`, are resolved in the build's package session, locked
 * and realised as `pkgs.X` is: here with the built-in nixpkgs stand-in and
 * the packages of a local signed archive.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { loadFlakeSystem } from "../../src/flake/flake-system.ts";
import { readLock } from "../../src/packages/lock.ts";
import { testEngine } from "../helpers/engine.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const skip = fixtureUnavailable();

describe("packages taken from the flake's nixpkgs input", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  test("legacyPackages and `import nixpkgs { … }` are locked and realised into the system profile", async () => {
    const flake = f.dir("flake");
    writeFileSync(
      join(flake, "flake.nix"),
      `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.system-manager = { url = "github:numtide/system-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  outputs = { nixpkgs, system-manager, ... }:
    let imported = import nixpkgs { system = "x86_64-linux"; config = { }; overlays = [ ]; };
    in {
      systemConfigs.default = system-manager.lib.makeSystemConfig {
        modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.systemPackages = [ nixpkgs.legacyPackages.x86_64-linux.hello imported.greet-data ]; } ];
      };
    };
}
`,
    );
    const root = f.dir("root");
    const lockPath = join(f.dir("config"), "system-manager.lock");
    const system = await loadFlakeSystem(flake, { cwd: flake, system: "x86_64-linux", hostname: "test", warn: () => undefined });
    const { storePath, manifest } = await buildGeneration(system.modules, {
      root,
      hostSystem: "x86_64-linux",
      readSource: readSourceFromDisk,
      warn: () => undefined,
      engine: testEngine(),
      specialArgs: system.specialArgs,
      storeCopies: system.storeCopies,
      store: system.store,
      packages: f.session(root, lockPath),
    });
    const packages = manifest.packages.system.map((p) => [p.attr, p.outPath.slice(STORE_PREFIX)]);
    assert.deepEqual(packages, [["hello", "hello-2.10-3"], ["greet-data", "greet-data-3.0-2"]]);
    const profile = JSON.parse(readFileSync(join(root, storePath, "manifest.json"), "utf8")).profiles.system as string;
    for (const program of ["hello"]) assert.ok(lstatSync(join(root, profile, "bin", program)).isSymbolicLink(), program);
    assert.deepEqual(Object.keys(readLock(lockPath).packages).sort(), ["greet-data", "hello"]);
  });
});

/** Where a store path's name begins: `/var/lib/system-manager/store/` and a 32-character hash and `-`. */
const STORE_PREFIX = "/var/lib/system-manager/store/".length + 33;
