/**
 * `makeSystemConfig`: evaluates the system option modules together with
 * the user's modules. Module arguments: `pkgs` (the package set for
 * `nixpkgs.hostPlatform` with `nixpkgs.overlays` (system-pkgs.ts),
 * resolved lazily so module functions may take it while modules are still
 * being collected; a flake's nixpkgs input may give it) and the special
 * arguments given. What needs the system while
 * the modules are being collected is NotYetKnownError (Nix's infinite
 * recursion; a TypeScript interpolation waits for it, see
 * src/nix/pending-string.ts).
 */
import { evalModules, type Evaluation } from "../module-system/eval-modules.ts";
import { NotYetKnownError } from "../nix/errors.ts";
import { force, isString, NixAttrs, stringText, type Lazy } from "../nix/value.ts";
import { systemModules } from "../modules/system/index.ts";
import { packageSet, type PackageLookup } from "../packages/package-set.ts";
import { systemPkgs } from "./system-pkgs.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { EvalStore } from "../nix/eval-store.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { HOME_DEFAULTS_FOR_USERS } from "../home/home-defaults.ts";
import { HOME_MANAGER_FILE } from "../modules/system/home-manager.ts";

export interface SystemEvaluation {
  readonly evaluation: Evaluation;
  /** The configuration's `nixpkgs.hostPlatform` as a system string. */
  readonly system: () => string;
  /** Where `pkgs`' builders instantiate derivations (STORE_DIR): what the build realises. */
  readonly store: EvalStore;
  /** The modules' `pkgs`. */
  readonly pkgs: Lazy;
}

/** `pkgs` for a system with overlays, its packages answered by `packages`: a flake's nixpkgs input gives one (src/flake/nixpkgs-packages.ts). */
export type PkgsFor = (system: string, packages?: PackageLookup, overlays?: readonly Lazy[]) => NixAttrs;

export function evaluateSystem(modules: readonly Lazy[], specialArgs: Readonly<Record<string, Lazy>> = {}, packages?: PackageLookup, pkgsFor?: PkgsFor): SystemEvaluation {
  let evaluation: Evaluation | undefined;
  const system = (): string => {
    if (evaluation === undefined) throw new NotYetKnownError(COLLECTING);
    const nixpkgs = evaluation.internalConfig.get("nixpkgs") as NixAttrs;
    const host = force(nixpkgs.lazy("hostPlatform") as Lazy);
    if (isString(host)) return stringText(host);
    const s = host instanceof NixAttrs ? host.get("system") : undefined;
    if (s !== undefined && isString(s)) return stringText(s);
    throw new UserError("Cannot read the system from `nixpkgs.hostPlatform': expected a string such as \"x86_64-linux\" or a set with `system'");
  };
  const store = new EvalStore(STORE_DIR);
  const { pkgs, settle } = systemPkgs({
    collecting: () => evaluation === undefined,
    overlays: () => overlaysOf(evaluation as Evaluation),
    packageSet: (overlays) => (pkgsFor === undefined ? packageSet(system, packages, store, overlays) : pkgsFor(system(), packages, overlays)),
  });
  evaluation = evalModules({ modules: [...systemModules, ...modules], specialArgs: { pkgs, ...specialArgs } });
  settle();
  // The real home-manager's NixOS module: every user's home gets HOME_DEFAULTS (src/home/home-defaults.ts).
  if (declaredOutside(evaluation, "home-manager", "sharedModules", HOME_MANAGER_FILE)) evaluation = evaluation.extend([HOME_DEFAULTS_FOR_USERS]);
  return { evaluation, system, store, pkgs };
}

const COLLECTING =
  "`pkgs' depends on `nixpkgs.hostPlatform', which is not known while the modules are still being collected; " +
  "use a package only in option values, not in `imports' or to decide which options a module sets " +
  "(in TypeScript, interpolate it in a template string, or read it in a getter or `lazy(() => …)')";

/** The configuration's `nixpkgs.overlays`. */
function overlaysOf(evaluation: Evaluation): readonly Lazy[] {
  const nixpkgs = evaluation.internalConfig.get("nixpkgs") as NixAttrs;
  const overlays = force(nixpkgs.lazy("overlays") as Lazy);
  if (!Array.isArray(overlays)) throw new UserError("`nixpkgs.overlays' must be a list of overlays (final: prev: { … })");
  return overlays;
}

/** Whether option `group.name` is declared, and not (only) by our own module in `ours`. */
function declaredOutside(ev: Evaluation, group: string, name: string, ours: string): boolean {
  const g = ev.options.has(group) ? force(ev.options.lazy(group) as Lazy) : undefined;
  const o = g instanceof NixAttrs && g.has(name) ? force(g.lazy(name) as Lazy) : undefined;
  const files = o instanceof NixAttrs && o.has("declarations") ? force(o.lazy("declarations") as Lazy) : undefined;
  return Array.isArray(files) && files.some((f) => { const v = force(f); return isString(v) && stringText(v) !== ours; });
}
