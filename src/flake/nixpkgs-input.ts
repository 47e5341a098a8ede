/**
 * A nixpkgs flake input made from a nixpkgs source tree (a full checkout,
 * or nix-community/nixpkgs.lib, which has only lib/): half real. `lib` is
 * the tree's own lib (`import <tree>/lib`), `outPath` and `pkgs.path` are
 * the tree, and the packages are ours: `legacyPackages.<system>`,
 * `import nixpkgs { system; config; overlays; }` and `import pkgs.path { … }`
 * all give system-manager's package set with the real lib, the platform,
 * builders and formats (nixpkgsPackageSet). nixpkgs' own default.nix is
 * never evaluated. Files home-manager reads through `pkgs.path` that the
 * tree lacks (nixos/modules/misc/assertions.nix, misc/meta.nix,
 * generic/meta-maintainers.nix) are served from the project's own
 * equivalents in ./nixpkgs-path.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../config/package-files.ts";
import { EvalError } from "../nix/errors.ts";
import type { Evaluator } from "../nix/eval/evaluator.ts";
import type { PathAccess } from "../nix/path-access.ts";
import { force, isString, NixAttrs, NixFunction, NixPath, stringText, Thunk, type Lazy, type Value } from "../nix/value.ts";
import type { PackageLookup } from "../packages/package-set.ts";
import { buildPackages } from "../packages/build-packages.ts";
import { hostSystem } from "../cli/host.ts";
import { nixpkgsPackageSet } from "../packages/nixpkgs/index.ts";
import type { TreeOverlay } from "./tree-overlay.ts";
import { registerNixpkgs } from "./nixpkgs-packages.ts";

/** The project's equivalents of the nixpkgs files home-manager reads through `pkgs.path`. */
export const NIXPKGS_PATH_EQUIVALENTS = join(PACKAGE_ROOT, "src", "flake", "nixpkgs-path");
const EQUIVALENTS = [
  "nixos/modules/misc/assertions.nix",
  "nixos/modules/misc/meta.nix",
  "nixos/modules/generic/meta-maintainers.nix",
  "modules/generic/meta-maintainers.nix",
  "nixos/modules/system/service/systemd/service.nix",
];
const SYSTEMS = ["x86_64-linux", "aarch64-linux"];

export interface NixpkgsTreeContext {
  readonly evaluator: Evaluator;
  readonly access?: PathAccess;
  readonly overlay?: TreeOverlay;
  /** Answers `pkgs.<attr>` from the lock; without it a package is only a request. */
  readonly packages?: PackageLookup;
}

/** Whether `dir` is a nixpkgs source tree: it has nixpkgs' lib (a full checkout or nixpkgs.lib). */
export function isNixpkgsTree(dir: string): boolean {
  return ["lib/default.nix", "lib/modules.nix", "lib/systems/default.nix", "lib/types.nix"].every((f) => existsSync(join(dir, f)));
}

interface PkgsArgs {
  readonly system: string;
  readonly config: Lazy;
  readonly overlays: readonly Lazy[];
}

export function nixpkgsFromTree(dir: string, ctx: NixpkgsTreeContext): NixAttrs {
  const tree = resolve(dir);
  ctx.access?.allow(tree);
  for (const rel of EQUIVALENTS) {
    if (!existsSync(join(tree, rel))) {
      ctx.access?.allow(NIXPKGS_PATH_EQUIVALENTS);
      ctx.overlay?.mount(join(tree, rel), join(NIXPKGS_PATH_EQUIVALENTS, rel));
    }
  }
  const lib = new Thunk(() => ctx.evaluator.importPath(join(tree, "lib")), "nixpkgs lib");
  // One plain package set per system and package source (the build's session, or the flake's own).
  const cache = new Map<PackageLookup | undefined, Map<string, NixAttrs>>();
  const pkgsFor = (a: PkgsArgs, packages?: PackageLookup): NixAttrs => {
    const plain = a.overlays.length === 0 && a.config === NixAttrs.empty;
    const cached = cache.get(packages) ?? cache.set(packages, new Map()).get(packages) as Map<string, NixAttrs>;
    const hit = plain ? cached.get(a.system) : undefined;
    if (hit !== undefined) return hit;
    const pkgs = nixpkgsPackageSet({
      system: a.system,
      lib,
      evaluator: ctx.evaluator,
      access: ctx.access,
      packages: packages ?? ctx.packages ?? buildPackages,
      path: new NixPath(tree),
      config: a.config,
      overlays: a.overlays,
    });
    if (plain) cached.set(a.system, pkgs);
    return pkgs;
  };
  // `import <tree> { … }`: nixpkgs' entry point, answered with our package set.
  const importFn = new NixFunction((arg) => pkgsFor(pkgsArgs(force(arg))), undefined, "nixpkgs");
  ctx.overlay?.provide(tree, () => importFn);
  const legacyPackages = new NixAttrs(new Map<string, Lazy>(SYSTEMS.map((s) => [s, new Thunk(() => pkgsFor({ system: s, config: NixAttrs.empty, overlays: [] }))])));
  const input = NixAttrs.from({
    _type: "flake",
    outPath: tree,
    lib,
    legacyPackages,
    inputs: NixAttrs.empty,
    sourceInfo: NixAttrs.from({ outPath: tree, lastModified: 0n }),
    nixosModules: NixAttrs.empty,
    lastModified: 0n,
  });
  return registerNixpkgs(input, (system, packages, overlays = []) => pkgsFor({ system, config: NixAttrs.empty, overlays }, packages));
}

/** nixpkgs' arguments: `system` (or `localSystem`, a string or `{ system }`; by default `defaultSystem`), `config` and `overlays`. */
export function pkgsArgs(v: Value, defaultSystem: string = hostSystem()): PkgsArgs {
  if (!(v instanceof NixAttrs)) throw new EvalError("nixpkgs expects a set of arguments ({ system, config, overlays })");
  const str = (x: Value | undefined) => (x !== undefined && isString(x) ? stringText(x) : undefined);
  const local = v.get("localSystem");
  const system =
    str(v.get("system")) ?? (local instanceof NixAttrs ? str(local.get("system")) : str(local)) ?? defaultSystem;
  const overlays = v.get("overlays");
  if (overlays !== undefined && !Array.isArray(overlays)) throw new EvalError("the overlays given to nixpkgs must be a list");
  return { system, config: v.lazy("config") ?? NixAttrs.empty, overlays: (overlays as Lazy[] | undefined) ?? [] };
}
