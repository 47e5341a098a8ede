/**
 * `import nixpkgs { … }` when the built-in stand-in serves the flake's
 * nixpkgs input (offline and not cached): nixpkgs' entry point gives the
 * stand-in's package set, for the system asked (the host's by default),
 * with overlays applied, as legacyPackages gives it; its `path` holds the
 * nixpkgs files home-manager imports (nixos/modules/misc/assertions.nix),
 * readable in pure evaluation, and `import pkgs.path { … }` is the set again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { hostSystem } from "../../src/cli/host.ts";
import { toJS } from "../../src/nix/js-value.ts";

test("the stand-in nixpkgs answers `import nixpkgs { system; config; overlays; }`", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-stand-in-import-"));
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }:
    let
      arm = import nixpkgs { system = "aarch64-linux"; config = { allowUnfree = true; }; overlays = [ (final: prev: { rg = prev.ripgrep; }) ]; };
      host = import nixpkgs { };
      local = import "\${nixpkgs}" { localSystem = { system = "x86_64-linux"; }; };
    in {
      result = {
        overlaid = arm.rg.pname;
        armSystem = arm.stdenv.hostPlatform.system;
        hostSystem = host.stdenv.hostPlatform.system;
        localSystem = local.stdenv.hostPlatform.system;
        sameLib = host.lib.id 1;
      };
    };
}
`,
  );
  const { ctx } = flakeEvaluation({ warn: () => {} });
  const result = JSON.parse(JSON.stringify(toJS(loadFlake(dir, ctx).lazy("result") as never)));
  assert.deepEqual(result, { overlaid: "ripgrep", armSystem: "aarch64-linux", hostSystem: hostSystem(), localSystem: "x86_64-linux", sameLib: 1 });
});

test("`import nixpkgs { }` alone (no legacyPackages read) lets its path's files be imported, as home-manager's modules do", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-stand-in-import-path-"));
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }:
    let pkgs = import nixpkgs { system = "x86_64-linux"; };
    in {
      result = {
        assertions = builtins.isFunction (import (pkgs.path + "/nixos/modules/misc/assertions.nix"));
        again = (import pkgs.path { system = "x86_64-linux"; overlays = [ (final: prev: { x = "y"; }) ]; }).x;
      };
    };
}
`,
  );
  const { ctx } = flakeEvaluation({ warn: () => {} });
  const result = JSON.parse(JSON.stringify(toJS(loadFlake(dir, ctx).lazy("result") as never)));
  assert.deepEqual(result, { assertions: true, again: "y" });
});
