/**
 * Packages a flake takes straight from its nixpkgs input
 * (`nixpkgs.legacyPackages.<system>.X`, `import nixpkgs { … }`), not from
 * the modules' `pkgs`, are resolved in the build's package session, locked
 * and realised as `pkgs.X` is; packages no provider can give (a name no
 * archive has, one Debian does not package, one whose dependencies cannot
 * be satisfied) are reported together, each at the place the flake
 * selects it (`pkgs.x`, `with pkgs; [ x ]`, `inherit (pkgs) x`), and the
 * build writes no generation and no lock: here with the built-in nixpkgs
 * stand-in and the packages of a local signed archive.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { loadFlakeSystem } from "../../src/flake/flake-system.ts";
import { readLock } from "../../src/packages/lock.ts";
import { UserErrors } from "../../src/diagnostics/user-error.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { testEngine } from "../helpers/engine.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const skip = fixtureUnavailable();

/** Builds the flake `text` under the fixture's root, with its package session (the lock at `lockPath`). */
async function buildFlake(f: Fixture, text: string, lockPath: string) {
  const flake = f.dir("flake");
  writeFileSync(join(flake, "flake.nix"), text);
  const root = f.dir("root");
  const system = await loadFlakeSystem(flake, { cwd: flake, system: "x86_64-linux", hostname: "test", warn: () => undefined });
  const build = buildGeneration(system.modules, {
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
  return { root, file: join(flake, "flake.nix"), build };
}

describe("packages taken from the flake's nixpkgs input", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  test("legacyPackages and `import nixpkgs { … }` are locked and realised into the system profile", async () => {
    const lockPath = join(f.dir("config"), "system-manager.lock");
    const { root, build } = await buildFlake(
      f,
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
      lockPath,
    );
    const { storePath, manifest } = await build;
    const packages = manifest.packages.system.map((p) => [p.attr, p.outPath.slice(STORE_PREFIX)]);
    assert.deepEqual(packages, [["hello", "hello-2.10-3"], ["greet-data", "greet-data-3.0-2"]]);
    const profile = JSON.parse(readFileSync(join(root, storePath, "manifest.json"), "utf8")).profiles.system as string;
    for (const program of ["hello"]) assert.ok(lstatSync(join(root, profile, "bin", program)).isSymbolicLink(), program);
    assert.deepEqual(Object.keys(readLock(lockPath).packages).sort(), ["greet-data", "hello"]);
  });

  test("packages no provider can give are all reported, each where the configuration selects it, and nothing is built", async () => {
    const lockPath = join(f.dir("config"), "system-manager.lock");
    const { root, file, build } = await buildFlake(
      f,
      `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ lib, pkgs, config, ... }: { options.tools.fancy.package = lib.mkPackageOption pkgs "fancytool" { }; config.environment.systemPackages = [ (config.tools.fancy.package.override { withX = true; }) ]; })
        ({ pkgs, ... }: let inherit (pkgs) broken; in {
        nixpkgs.hostPlatform = "x86_64-linux";
        environment.systemPackages = [ pkgs.hello pkgs.helo pkgs.python3Packages.nothere ];
        users.groups.u = { };
        users.users.u = { isNormalUser = true; group = "u"; packages = with pkgs; [ greet-data missing broken ]; };
      }) ];
    };
  };
}
`,
      lockPath,
    );
    const failure = await build.then(
      () => assert.fail("the build succeeded"),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof UserErrors, String(failure));
    const found = failure.errors.map((e) => [e.message.split(":")[0], e.location?.file, e.location?.line, e.location?.column]).sort();
    assert.deepEqual(found, [
      ["Cannot find pkgs.fancytool", undefined, undefined, undefined],
      ["Cannot find pkgs.helo", file, 8, 51],
      ["Cannot find pkgs.python3-nothere", undefined, undefined, undefined],
      ["Cannot resolve the Debian package 'broken' in http", file, 6, 44],
      ["Cannot use pkgs.missing", file, 10, 96],
    ]);
    // Selected by a module itself (mkPackageOption), not in the configuration's files: the options holding it say where it came from.
    // Its override is not a second error (a prebuilt package's build arguments): the package is what cannot be had.
    const fancy = failure.errors.find((e) => e.message.startsWith("Cannot find pkgs.fancytool"));
    assert.deepEqual(fancy?.context, ["in the value of the options `tools.fancy.package' and `environment.systemPackages'"]);
    // Selected through a set of our nixpkgs layer (python3Packages.<name> is pkgs.python3-<name>): no place in our own files, the option holding it instead.
    const py = failure.errors.find((e) => e.message.startsWith("Cannot find pkgs.python3-nothere"));
    assert.deepEqual(py?.context, ["in the value of the option `environment.systemPackages'"]);
    const written = existsSync(join(root, STORE_DIR)) ? readdirSync(join(root, STORE_DIR)) : [];
    assert.ok(!written.some((n) => n.endsWith("-system-manager")), `no generation was written: ${written.join(" ")}`);
    assert.ok(!written.some((n) => /-(hello|greet-data)-/.test(n)), "no package was realised while others could not be had");
    assert.equal(existsSync(lockPath), false, "no lock was written");
  });
});

/** Where a store path's name begins: `/var/lib/system-manager/store/` and a 32-character hash and `-`. */
const STORE_PREFIX = "/var/lib/system-manager/store/".length + 33;
