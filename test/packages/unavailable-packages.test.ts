/**
 * Packages the configuration names that no provider can give (a name no
 * archive has, one Debian does not package, one whose dependencies cannot
 * be satisfied) are reported together, each at the place the flake selects
 * it (`pkgs.x`, `with pkgs; [ x ]`, `inherit (pkgs) x`), and the build
 * writes no generation and no lock: here against a local signed archive.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { UserErrors } from "../../src/diagnostics/user-error.ts";
import { loadFlakeSystem } from "../../src/flake/flake-system.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { testEngine } from "../helpers/engine.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const skip = fixtureUnavailable();

describe("packages no provider can give", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  test("are all reported, each where the configuration selects it, and nothing is built", async () => {
    const flake = f.dir("flake");
    writeFileSync(
      join(flake, "flake.nix"),
      `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ pkgs, ... }: let inherit (pkgs) broken; in {
        nixpkgs.hostPlatform = "x86_64-linux";
        environment.systemPackages = [ pkgs.hello pkgs.helo ];
        users.groups.u = { };
        users.users.u = { isNormalUser = true; group = "u"; packages = with pkgs; [ greet-data missing broken ]; };
      }) ];
    };
  };
}
`,
    );
    const root = f.dir("root");
    const lockPath = join(f.dir("config"), "system-manager.lock");
    const system = await loadFlakeSystem(flake, { cwd: flake, system: "x86_64-linux", hostname: "test", warn: () => undefined });
    const file = join(flake, "flake.nix");
    const failure = await buildGeneration(system.modules, {
      root,
      hostSystem: "x86_64-linux",
      readSource: readSourceFromDisk,
      warn: () => undefined,
      engine: testEngine(),
      specialArgs: system.specialArgs,
      storeCopies: system.storeCopies,
      store: system.store,
      packages: f.session(root, lockPath),
    }).then(
      () => assert.fail("the build succeeded"),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof UserErrors, String(failure));
    const found = failure.errors.map((e) => [e.message.split(":")[0], e.location?.file, e.location?.line, e.location?.column]).sort();
    assert.deepEqual(found, [
      ["Cannot find pkgs.helo", file, 7, 51],
      ["Cannot resolve the Debian package 'broken' in http", file, 5, 54],
      ["Cannot use pkgs.missing", file, 9, 96],
    ]);
    const store = join(root, STORE_DIR);
    const written = existsSync(store) ? readdirSync(store) : [];
    assert.ok(!written.some((n) => n.endsWith("-system-manager")), `no generation was written: ${written.join(" ")}`);
    assert.ok(!written.some((n) => /-(hello|greet-data)-/.test(n)), "no package was realised while others could not be had");
    assert.equal(existsSync(lockPath), false, "no lock was written");
  });
});
