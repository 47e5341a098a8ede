/**
 * Builds the real home-manager's manual page (`docs.manPages`) with our
 * package set over a nixpkgs tree (real-home-manager-manual.test.ts):
 * evaluated here, then realised into the store under a root. The
 * packages are requests, with the build machine's bash, coreutils and
 * node (/usr) as the builders' tools; an overlay gives the package names
 * option defaults read that our set cannot list (home-manager's docs map
 * over pkgs, and only listed names survive the mapping) or answer (nested
 * package sets).
 */
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { nixpkgsFromTree } from "../../src/flake/nixpkgs-input.ts";
import { realiseStorePaths } from "../../src/packages/nixpkgs/realise.ts";
import { stringContexts } from "../../src/packages/nixpkgs/string-contexts.ts";
import { force, NixFunction, type Lazy } from "../../src/nix/value.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";

/** What home-manager's modular services import from nixpkgs outside lib/, for a tree that is only nixpkgs.lib. */
export const STAND_INS: Record<string, string> = {
  "modules/generic/meta-maintainers.nix": `{ lib, ... }: { options.meta.maintainers = lib.mkOption { type = lib.types.listOf lib.types.raw; internal = true; default = [ ]; description = "Maintainers."; }; }`,
  "nixos/modules/system/service/systemd/service.nix": `{ lib, ... }: {
    options.systemd.services = lib.mkOption {
      type = lib.types.attrsOf (lib.types.submodule { options.wantedBy = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; description = "Units that want this one."; }; });
      default = { };
      description = "The systemd units of the service.";
    };
  }`,
};

const host = `{ outPath = "/usr"; type = "derivation"; name = "host"; }`;
const NESTED = `final: prev: {
  bash = ${host}; coreutils = ${host}; nodejs-slim = ${host};
  qt6Packages = { fcitx5-with-addons = prev.fcitx5; };
  vimPlugins = { vim-sensible = prev.vim; };
  inherit (prev) equibop vesktop hicolor-icon-theme eog;
}`;

/** Times of the last build: evaluation (to the manual's outPath) and realisation, in ms. */
export interface ManualBuild {
  readonly out: string;
  readonly evalMs: number;
  readonly buildMs: number;
}

/** Builds docs.manPages of `hmDir` over a nixpkgs tree at `tree` into the store under `root`; returns its store path. */
export async function buildManual(hmDir: string, tree: string, root: string): Promise<ManualBuild> {
  const t0 = Date.now();
  const { ctx, evaluator, storeCopies, store } = flakeEvaluation({ warn: () => {} });
  ctx.access.allow(hmDir);
  const nixpkgs = nixpkgsFromTree(tree, ctx);
  const expr = `nixpkgs: let
      pkgs = import nixpkgs.outPath { system = "x86_64-linux"; overlays = [ (${NESTED}) ]; };
      release = builtins.fromJSON (builtins.readFile ${hmDir}/release.json);
    in (import ${hmDir}/docs { inherit pkgs; inherit (release) release isReleaseBranch; }).manPages`;
  const manPages = (force(evaluator.evalSource(expr, "«test»", "/")) as NixFunction).call(nixpkgs) as Lazy;
  const out = String(force((force(manPages) as { lazy(n: string): Lazy }).lazy("outPath")));
  const t1 = Date.now();
  await realiseStorePaths(stringContexts([manPages], STORE_DIR), { root, stores: [store], storeCopies });
  return { out, evalMs: t1 - t0, buildMs: Date.now() - t1 };
}
