/**
 * A nixpkgs flake input that is a nixpkgs source tree (here the
 * nixpkgs.lib copy, which has only lib/): its lib is the tree's own,
 * `legacyPackages`, `import nixpkgs { … }` and `import pkgs.path { … }`
 * give our package set (overlays applied), and the nixos/ files
 * home-manager reads through pkgs.path are served from our equivalents.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { isNixpkgsTree } from "../../src/flake/nixpkgs-input.ts";
import { toJS } from "../../src/nix/js-value.ts";

const lib = upstream("nixpkgs.lib");

test("a nixpkgs tree input: the real lib, our packages, pkgs.path with home-manager's nixos files", { skip: "skip" in lib ? lib.skip : undefined }, () => {
  const tree = "dir" in lib ? lib.dir : "";
  assert.ok(isNixpkgsTree(tree));
  assert.ok(!isNixpkgsTree(join(tree, "lib")));
  const dir = mkdtempSync(join(tmpdir(), "sm-nixpkgs-input-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "path:${tree}";
  outputs = { nixpkgs, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      imported = import nixpkgs { system = "aarch64-linux"; overlays = [ (final: prev: { rg = prev.ripgrep; }) ]; };
      viaPath = import pkgs.path { system = "x86_64-linux"; };
      evaluated = nixpkgs.lib.evalModules { modules = [ (pkgs.path + "/nixos/modules/misc/assertions.nix") (pkgs.path + "/nixos/modules/misc/meta.nix") { warnings = [ "w" ]; meta.maintainers = [ "m" ]; } ]; };
    in {
      result = {
        realLib = nixpkgs.lib ? fileset && nixpkgs.lib.trivial ? oldestSupportedRelease;
        libIsPkgsLib = pkgs.lib == nixpkgs.lib;
        pathIsTree = "\${pkgs.path}" == "\${nixpkgs}" || toString pkgs.path == nixpkgs.outPath;
        ripgrep = pkgs.ripgrep.pname;
        overlaid = imported.rg.pname;
        importedSystem = imported.stdenv.hostPlatform.system;
        viaPath = viaPath.git.pname;
        served = builtins.pathExists (pkgs.path + "/nixos/modules/misc/assertions.nix");
        warnings = evaluated.config.warnings;
        maintainers = builtins.attrValues evaluated.config.meta.maintainers;
      };
    };
}
`,
  );
  const { ctx } = flakeEvaluation({ warn: () => {} });
  const result = JSON.parse(JSON.stringify(toJS(loadFlake(dir, ctx).lazy("result") as never)));
  assert.deepEqual(result, {
    realLib: true,
    libIsPkgsLib: true,
    pathIsTree: true,
    ripgrep: "ripgrep",
    overlaid: "ripgrep",
    importedSystem: "aarch64-linux",
    viaPath: "git",
    served: true,
    warnings: ["w"],
    maintainers: [["m"]],
  });
});
