/**
 * `home-manager switch --flake DIR[#NAME]`: the flake's
 * `homeConfigurations.<NAME>` (made by
 * `home-manager.lib.homeManagerConfiguration { modules, extraSpecialArgs }`),
 * with NAME defaulting to "$USER@$HOSTNAME", then "$USER", as home-manager
 * does. Paths the flake interpolates ("${./file}") come back as store
 * copies for the build to write, as for a system flake. When the flake's
 * home-manager is the real one (a source tree), its evaluation is the
 * result: `realConfig`, which the build reads (src/home/real-home-manager.ts).
 * With `packages` (the build's package session), a nixpkgs tree input's
 * packages resolve from the lock, so the real home-manager's
 * `home.packages` are real packages.
 */
import { resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { force, NixAttrs, typeTag, type Lazy } from "../nix/value.ts";
import { splitFlakeArg } from "./flake-ref.ts";
import { flakeEvaluation, type FlakeSystem } from "./flake-system.ts";
import { loadFlake } from "./load-flake.ts";
import { loadLockedFlake, type LockedFlakeOptions } from "./locked-flake.ts";
import type { ParseCache } from "../nix/evaluate.ts";
import type { NixEvaluationOptions } from "./nix-evaluation.ts";
import { isRealHomeManager } from "../home/real-home-manager.ts";
import type { PackageLookup } from "../packages/package-set.ts";

/** A home configuration: modules for our home modules, or the real home-manager's evaluated `config`. */
export interface FlakeHome extends FlakeSystem {
  readonly realConfig?: NixAttrs;
  /** That evaluation's `pkgs` (its `_module.args.pkgs`). */
  readonly realPkgs?: Lazy;
  /** That evaluation's `options` (what `home-manager option` reads). */
  readonly realOptions?: Lazy;
}

export async function loadFlakeHome(
  flakeArg: string,
  opts: { cwd: string; user: string; hostname: string; warn: (m: string) => void; impure?: boolean; lock?: LockedFlakeOptions; packages?: PackageLookup; parseCache?: ParseCache } & Pick<NixEvaluationOptions, "evalWarn" | "maxCallDepth" | "experimentalFeatures" | "lints" | "lintWarn">,
): Promise<FlakeHome> {
  const { dir, fragment } = splitFlakeArg(flakeArg);
  const flakeDir = resolve(opts.cwd, dir);
  const { warn, impure, parseCache, evalWarn, maxCallDepth, experimentalFeatures, lints, lintWarn } = opts;
  const evaluation = flakeEvaluation({ warn, impure, parseCache, evalWarn, maxCallDepth, experimentalFeatures, lints, lintWarn });
  const { storeCopies, access, store } = evaluation;
  const ctx = { ...evaluation.ctx, packages: opts.packages };
  const outputs = opts.lock === undefined ? loadFlake(flakeDir, ctx) : (await loadLockedFlake(flakeDir, ctx, opts.lock)).outputs;
  const configs = outputs.get("homeConfigurations");
  const names = fragment !== undefined ? [fragment.replace(/^homeConfigurations\./, "")] : [`${opts.user}@${opts.hostname}`, opts.user];
  const name = names.find((n) => configs instanceof NixAttrs && configs.has(n));
  if (name === undefined || !(configs instanceof NixAttrs)) {
    throw new UserError(`flake '${flakeDir}' has no homeConfigurations.${names.map((n) => JSON.stringify(n)).join(" or homeConfigurations.")}`);
  }
  const cfg = force(configs.lazy(name) as Lazy);
  if (cfg instanceof NixAttrs && isRealHomeManager(cfg)) {
    // The real home-manager evaluated the configuration itself (with the home defaults: home-manager-input.ts); the build reads its config.
    return { modules: [], specialArgs: {}, storeCopies, access, store, realConfig: cfg.get("config") as NixAttrs, realPkgs: cfg.lazy("pkgs"), realOptions: cfg.lazy("options") };
  }
  if (!(cfg instanceof NixAttrs) || typeTag(cfg) !== "home-manager-configuration") {
    throw new UserError(`homeConfigurations.${name} of flake '${flakeDir}' was not made by home-manager.lib.homeManagerConfiguration`);
  }
  const modules = force(cfg.lazy("modules") as Lazy);
  if (!Array.isArray(modules)) throw new UserError(`homeConfigurations.${name}: modules must be a list`);
  const extra = force(cfg.lazy("extraSpecialArgs") as Lazy) as NixAttrs;
  return { modules, specialArgs: { lib: ctx.lib, ...Object.fromEntries(extra.map) }, storeCopies, access, store };
}

