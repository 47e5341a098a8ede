/**
 * The system-manager flake input's `overlays.default`, as upstream's
 * README uses it: `nixpkgs.overlays = [ system-manager.overlays.default ];`
 * makes `pkgs.system-manager` this system-manager's package, the same as
 * `system-manager.packages.<system>.default`, built into the generation's
 * store; makeSystemConfig's `overlays` come before the configuration's
 * own. Through the built CLI (dist/), on a temporary root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { systemFlake } from "../helpers/scratch-flake.ts";
import { hostSystem } from "../../src/cli/host.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");

test("nixpkgs.overlays = [ system-manager.overlays.default ] gives pkgs.system-manager", (t) => {
  const host = hostSystem();
  const f = systemFlake(
    "sm-overlay-",
    `({ pkgs, ... }: {
        nixpkgs.hostPlatform = "${host}";
        nixpkgs.overlays = [ system-manager.overlays.default ];
        environment.systemPackages = [ pkgs.system-manager ];
        environment.etc."sm".text = "\${pkgs.system-manager}/bin/system-manager";
        environment.etc."same".text = builtins.toJSON (pkgs.system-manager.outPath == system-manager.packages.${host}.default.outPath);
      })`,
  );
  t.after(() => rmSync(f.dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [CLI, "build", "--flake", f.flake, "--root", f.root], { encoding: "utf8", env: f.env });
  assert.equal(r.status, 0, r.stderr);
  const generation = r.stdout.trim();
  const sm = readFileSync(join(generation, "etc/sm"), "utf8");
  assert.match(sm, new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-system-manager-[^/]+/bin/system-manager$`));
  assert.equal(readFileSync(join(generation, "etc/same"), "utf8"), "true");
  assert.ok(existsSync(join(f.root, sm)), "the package is in the root's store");
});

test("makeSystemConfig { overlays } apply before nixpkgs.overlays", (t) => {
  const host = hostSystem();
  const f = systemFlake("sm-overlay-arg-", "");
  t.after(() => rmSync(f.dir, { recursive: true, force: true }));
  writeFileSync(
    join(f.flake, "flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      overlays = [ system-manager.overlays.default ];
      modules = [ ({ pkgs, ... }: {
        nixpkgs.hostPlatform = "${host}";
        nixpkgs.overlays = [ (final: prev: { sm = prev.system-manager; }) ];
        environment.etc."sm".text = "\${pkgs.sm}";
      }) ];
    };
  };
}
`,
  );
  const r = spawnSync(process.execPath, [CLI, "build", "--flake", f.flake, "--root", f.root], { encoding: "utf8", env: f.env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(r.stdout.trim(), "etc/sm"), "utf8"), new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-system-manager-[^/]+$`));
});
