/**
 * `evalModules`: collect modules, build the declaration tree, and tie the
 * `config` fixpoint: every module receives the final configuration, read
 * lazily. Unknown options (definitions nobody declared) are reported, all
 * of them at once, when the result's config is read; a freeform type takes
 * them instead when `_module.freeformType` is set.
 */
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { UserErrors } from "../diagnostics/user-error.ts";
import { InfiniteRecursionError, THROWN } from "../nix/errors.ts";
import { collectModules, type CollectedModule, type CollectOptions } from "./collect-modules.ts";
import { OptionLevel } from "./option-tree.ts";
import { declarationSources, DeclarationLevel, type DeclarationCache } from "./declaration-tree.ts";
import { INTERNAL_FILE, internalModule } from "./internal-module.ts";
import { ownModuleArgs } from "./nix-configuration.ts";
import { unknownOptionError } from "./unknown-option.ts";
import { unmatched } from "./unmatched.ts";
import type { Definition } from "./definition.ts";
import type { OptionPath } from "./option-path.ts";
import { fullConfig } from "./freeform-config.ts";
import { defaultModuleSettings } from "./module-settings.ts";
import { moduleArgsFor } from "./module-args.ts";
import { moduleGraph } from "./module-graph.ts";
import { defaultModuleLoader } from "./nix-module-lib.ts";
import { Layout } from "../nix/attrs-layout.ts";

export interface EvalModulesArgs {
  readonly modules: readonly Lazy[];
  readonly specialArgs?: Readonly<Record<string, Lazy>>;
  readonly prefix?: OptionPath;
  readonly class?: string;
  /** Module arguments given directly (not through `_module.args`), such as a submodule's `name`. */
  readonly extraArgs?: Readonly<Record<string, Lazy>>;
  /** Declaration trees shared with other evaluations (a submodule type's instances). */
  readonly declarations?: DeclarationCache;
  readonly loadModule?: (path: string) => Lazy;
  /** The evaluation's own `_module.args` (`extendModules`, `moduleType`: nix-configuration.ts), when the caller made them already. */
  readonly ownArgs?: NixAttrs;
}

export interface Evaluation {
  /** The configuration without `_module`; reading it reports unknown options. */
  readonly config: NixAttrs;
  /** The configuration as modules see it (with `_module`, unchecked). */
  readonly internalConfig: NixAttrs;
  readonly options: NixAttrs;
  readonly tree: OptionLevel;
  readonly args: EvalModulesArgs;
  /** `extendModules` and `moduleType`, as the internal module defines them in `_module.args`. */
  readonly ownArgs: NixAttrs;
  /** nixpkgs' `graph`: the modules given and imported (module-graph.ts), made when read. */
  readonly graph: Lazy;
  /** Re-evaluates with more modules (nixpkgs `extendModules`). */
  extend(modules: readonly Lazy[], extraArgs?: Readonly<Record<string, Lazy>>): Evaluation;
}

const NO_SPECIAL_ARGS: Readonly<Record<string, Lazy>> = Object.freeze({});

export function evalModules(args: EvalModulesArgs): Evaluation {
  const prefix = args.prefix ?? [];
  // The tree is known once every module is collected; reading config or options before is refused.
  const state: { tree: OptionLevel | undefined } = { tree: undefined };
  const internalConfig = new Thunk(() => fullConfig(treeOf(state, "config")), "config");
  const options = new Thunk(() => treeOf(state, "options").options(), "options");
  const specialArgs = args.specialArgs ?? NO_SPECIAL_ARGS;
  const modulesPath = specialArgs.modulesPath === undefined ? undefined : force(specialArgs.modulesPath);
  const collecting = {
    class: args.class,
    args: moduleArgsFor(args, prefix, specialArgs, internalConfig, options),
    loadModule: args.loadModule ?? defaultModuleLoader(),
    modulesPath: modulesPath === undefined || modulesPath === null ? undefined : String(modulesPath),
  };
  const collected = collectModules(args.modules.concat(internalModule(specialArgs, prefix.length === 0)), collecting);
  const declarations = args.declarations?.levelFor(prefix, collected) ?? new DeclarationLevel(prefix, declarationSources(collected));
  const own = args.ownArgs ?? ownModuleArgs(args);
  const tree = (state.tree = new OptionLevel(prefix, [], declarations, rootDefinitions(collected, own)));
  return new ModuleEvaluation(args, own, tree, internalConfig, options, collecting);
}

/** nixpkgs' context on the `config` module argument: reading it while modules are collected is a real cycle there. */
const CONFIG_IN_IMPORTS =
  "if you get an infinite recursion here, you probably reference `config` in `imports`. If you are trying to achieve a conditional import behavior dependent on `config`, consider importing unconditionally, and using `mkEnableOption` and `mkIf` to control its effect.";
const TS_ADVICE = (what: string) =>
  `while collecting modules: a module function read \`${what}' before every module was known (in a TypeScript module, read it inside a getter or a function, e.g. \`get config() { … }\`, \`mkIf(() => config.x.enable, …)\` or \`lazy(() => …)\`)`;

function treeOf(state: { readonly tree: OptionLevel | undefined }, what: "config" | "options"): OptionLevel {
  if (state.tree !== undefined) return state.tree;
  const e = new InfiniteRecursionError(what);
  if (what === "config") e.withContext(CONFIG_IN_IMPORTS);
  throw e.withContext(TS_ADVICE(what));
}

/**
 * The evaluation's public side: an object of fields (its thunks made when first read, the graph's too).
 * Made apart from evalModules' scope so that what an instance keeps (its config thunks, its modules'
 * closures) does not keep the modules collected.
 */
class ModuleEvaluation implements Evaluation {
  readonly tree: OptionLevel;
  readonly args: EvalModulesArgs;
  readonly ownArgs: NixAttrs;
  readonly #internalConfig: Thunk;
  readonly #options: Thunk;
  readonly #checked: Thunk;
  readonly #collecting: CollectOptions;
  #graph: Thunk | undefined;

  constructor(args: EvalModulesArgs, ownArgs: NixAttrs, root: OptionLevel, internalConfig: Thunk, options: Thunk, collecting: CollectOptions) {
    this.tree = root;
    this.args = args;
    this.ownArgs = ownArgs;
    this.#internalConfig = internalConfig;
    this.#options = options;
    this.#collecting = collecting;
    this.#checked = new Thunk(() => checkedConfig(root, internalConfig), "config");
  }

  get graph(): Thunk {
    const collecting = this.#collecting;
    const modules = this.args.modules;
    return (this.#graph ??= new Thunk(() => moduleGraph(modules, collecting), "graph"));
  }

  get config(): NixAttrs {
    return force(this.#checked) as NixAttrs;
  }

  get internalConfig(): NixAttrs {
    return force(this.#internalConfig) as NixAttrs;
  }

  get options(): NixAttrs {
    return force(this.#options) as NixAttrs;
  }

  extend(modules: readonly Lazy[], extraArgs?: Readonly<Record<string, Lazy>>): Evaluation {
    const args = this.args;
    return evalModules({ ...args, modules: [...args.modules, ...modules], extraArgs: { ...args.extraArgs, ...extraArgs }, ownArgs: undefined });
  }
}

/** The configuration without `_module`, once no definition is found unknown (or a freeform type takes them). */
function checkedConfig(root: OptionLevel, internalConfig: Thunk): NixAttrs {
  const cfg = force(internalConfig) as NixAttrs;
  // The common case skips the `_module` level (module-settings.ts): nothing under it is unknown.
  const plain = defaultModuleSettings(root);
  const module = plain ? undefined : (cfg.get("_module") as NixAttrs);
  if (module === undefined || (module.get("check") === true && module.get("freeformType") === null)) {
    const unknown = unmatched(root, [], plain ? "_module" : undefined);
    if (unknown.length > 0) {
      const errors = unknown.map((u) => unknownOptionError(root.loc, u, root));
      throw errors.length === 1 ? errors[0] : Object.assign(new UserErrors(errors), { [THROWN]: true });
    }
  }
  return withoutModule(cfg);
}

/** The root level's definitions, made when first asked: one per module, its freeform type's, and the internal module's `_module.args`. */
function rootDefinitions(collected: readonly CollectedModule[], ownArgs: NixAttrs): () => Definition[] {
  return () => {
    const defs: Definition[] = [{ file: INTERNAL_FILE, value: NixAttrs.fromLayout(MODULE, [NixAttrs.fromLayout(ARGS, [ownArgs])]) }];
    for (let i = 0; i < collected.length; i++) {
      const m = collected[i] as CollectedModule;
      // A module defining nothing (only imports, or only options) adds nothing to push down.
      if (m.config !== NixAttrs.empty) defs.push({ file: m.file, value: m.config });
      if (m.freeformType !== undefined) {
        defs.push({ file: m.file, value: NixAttrs.from({ _module: NixAttrs.from({ freeformType: m.freeformType }) }) });
      }
    }
    return defs;
  };
}

const MODULE = new Layout(["_module"], undefined);
const ARGS = new Layout(["args"], undefined);

/** Layouts without `_module`, by the layout they come from (the instances of a submodule type share one). */
const withoutModuleLayouts = new WeakMap<Layout, Layout>();

/** The configuration without `_module` (names already in order: nothing is sorted). */
function withoutModule(cfg: NixAttrs): NixAttrs {
  const names = cfg.keys();
  const i = names.indexOf("_module");
  if (i < 0) return cfg;
  const values = cfg.sortedValues();
  values.splice(i, 1);
  const from = cfg.layout;
  if (from === undefined) return NixAttrs.fromArrays(names.filter((_, j) => j !== i), values);
  let layout = withoutModuleLayouts.get(from);
  if (layout === undefined) withoutModuleLayouts.set(from, (layout = new Layout(names.filter((_, j) => j !== i), undefined)));
  return NixAttrs.fromLayout(layout, values);
}
