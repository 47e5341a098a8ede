/**
 * A standalone home whose flake takes its packages straight from its
 * nixpkgs input (`pkgs = import nixpkgs { … }` given to
 * homeManagerConfiguration, the built-in nixpkgs standing in): they are
 * looked up in the build's package session, so they are resolved, locked
 * and realised into the user's store and its home-path, as a system's
 * are (flake-input-packages.test.ts). Before, a standalone build left them
 * requests: their programs were missing, and a builder's bash was "not
 * in the store". Packages of a local signed archive.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { loadFlakeHome } from "../../src/flake/flake-home.ts";
import { buildStandaloneHome } from "../../src/home/standalone-home.ts";
import { readLock } from "../../src/packages/lock.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const skip = fixtureUnavailable();

describe("a standalone home's packages taken from the flake's nixpkgs input", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  test("`import nixpkgs { … }` packages are locked and realised into the home-path", async () => {
    const flake = f.dir("home-flake");
    const home = f.dir("home");
    const storeRoot = f.dir("home-store");
    const lockPath = join(flake, "system-manager.lock");
    writeFileSync(
      join(flake, "flake.nix"),
      `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.home-manager = { url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  outputs = { nixpkgs, home-manager, ... }:
    let pkgs = import nixpkgs { system = "x86_64-linux"; overlays = [ (final: prev: { greeter = prev.hello; }) ]; };
    in {
      homeConfigurations.alice = home-manager.lib.homeManagerConfiguration {
        inherit pkgs;
        modules = [ { home.username = "alice"; home.homeDirectory = "${home}"; home.stateVersion = "24.11"; home.packages = [ pkgs.greeter ]; } ];
      };
    };
}
`,
    );
    const packages = f.session(storeRoot, lockPath);
    const loaded = await loadFlakeHome(`${flake}#alice`, { cwd: flake, user: "alice", hostname: "test", warn: () => undefined, packages });
    const generation = await buildStandaloneHome(loaded.modules, {
      specialArgs: loaded.specialArgs,
      user: "alice",
      home,
      system: "x86_64-linux",
      storeRoot,
      readSource: readSourceFromDisk,
      warn: () => undefined,
      storeCopies: loaded.storeCopies,
      store: loaded.store,
      realConfig: loaded.realConfig,
      realPkgs: loaded.realPkgs,
      packages,
    });
    // The home-path link names the profile as the host sees the store; it is read under the store's root.
    const profile = readlinkSync(join(storeRoot, generation, "home-path"));
    assert.ok(lstatSync(join(storeRoot, profile, "bin/hello")).isSymbolicLink(), `hello is in the home-path: ${readFileSync(join(storeRoot, generation, "home-packages.json"), "utf8")}`);
    packages.saveLock({ prune: true });
    assert.deepEqual(Object.keys(readLock(lockPath).packages), ["hello"]);
  });
});
