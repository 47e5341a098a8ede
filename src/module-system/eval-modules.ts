/**
 * `evalModules`: collect modules, build the declaration tree, and tie the
 * `config` fixpoint: every module receives the final configuration, read
 * lazily. Unknown options (definitions nobody declared) are reported, all
 * of them at once, when the result's config is read; a freeform type takes
 * them instead when `_module.freeformType` is set.
 */
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { collectModules, type CollectedModule, type ModuleArgs } from "./collect-modules.ts";
import { OptionLevel } from "./option-tree.ts";
import { DeclarationLevel, type DeclarationCache, type TreeSource } from "./declaration-tree.ts";
import { internalModule } from "./internal-module.ts";
import { unknownOptionError } from "./unknown-option.ts";
import type { Definition } from "./definition.ts";
import type { OptionPath } from "./option-path.ts";
import { fullConfig } from "./freeform-config.ts";
import { jsArgs } from "./js-module-args.ts";
import { defaultModuleLoader, defaultNixModuleLib } from "./nix-module-lib.ts";

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
}

export interface Evaluation {
  /** The configuration without `_module`; reading it reports unknown options. */
  readonly config: NixAttrs;
  /** The configuration as modules see it (with `_module`, unchecked). */
  readonly internalConfig: NixAttrs;
  readonly options: NixAttrs;
  readonly tree: OptionLevel;
  readonly args: EvalModulesArgs;
  /** Re-evaluates with more modules (nixpkgs `extendModules`). */
  extend(modules: readonly Lazy[], extraArgs?: Readonly<Record<string, Lazy>>): Evaluation;
}

const NO_SPECIAL_ARGS: Readonly<Record<string, Lazy>> = Object.freeze({});

/** The `specialArgs` module argument: one set per special arguments object (a submodule type's instances share theirs). */
const specialArgsSets = new WeakMap<Readonly<Record<string, Lazy>>, NixAttrs>();

function specialArgsSet(specialArgs: Readonly<Record<string, Lazy>>): NixAttrs {
  let set = specialArgsSets.get(specialArgs);
  if (set === undefined) specialArgsSets.set(specialArgs, (set = NixAttrs.from({ ...specialArgs })));
  return set;
}

export function evalModules(args: EvalModulesArgs): Evaluation {
  const prefix = args.prefix ?? [];
  const state = { collecting: true };
  const collectingError = (what: "config" | "options") =>
    new UserError(
      `Cannot read \`${what}' while modules are being collected: a module function read the ${what === "config" ? "configuration" : "option declarations"} before every module was known. ` +
        `In a TypeScript module, read ${what} inside a getter or a function, e.g. \`get config() { … }\`, \`mkIf(() => config.x.enable, …)\` or \`lazy(() => …)\`; ` +
        `in a Nix module, do not use ${what} in \`imports'.`,
    );
  let tree: OptionLevel | undefined;
  const internalConfig = new Thunk(() => {
    if (state.collecting || tree === undefined) throw collectingError("config");
    return fullConfig(tree);
  }, "config");
  const options = new Thunk(() => {
    if (state.collecting || tree === undefined) throw collectingError("options");
    return tree.options();
  }, "options");

  const specialArgs = args.specialArgs ?? NO_SPECIAL_ARGS;
  const collection = new Map<string, Lazy>()
    .set("config", internalConfig)
    .set("options", options)
    .set("specialArgs", specialArgsSet(specialArgs))
    .set("_class", args.class ?? null)
    .set("_prefix", [...prefix]);
  for (const k in args.extraArgs) collection.set(k, args.extraArgs[k] as Lazy);
  for (const k in specialArgs) collection.set(k, specialArgs[k] as Lazy);
  if (!collection.has("lib")) {
    const lib = defaultNixModuleLib();
    if (lib !== undefined) collection.set("lib", lib);
  }
  const fromConfig = (name: string, key: string): Lazy =>
    new Thunk(() => {
      try {
        const cfg = force(internalConfig) as NixAttrs;
        const moduleArgs = (cfg.get("_module") as NixAttrs).get("args") as NixAttrs;
        const v = moduleArgs.lazy(name);
        if (v === undefined) throw new UserError(`attribute '${name}' missing`);
        return force(v);
      } catch (e) {
        if (e instanceof UserError) e.withContext(`while evaluating the module argument \`${name}' in "${key}":`);
        throw e;
      }
    }, name);
  const moduleArgs: ModuleArgs = { collection, fromConfig, forJS: (key) => jsArgs(collection, (name) => fromConfig(name, key)) };

  const modulesPath = specialArgs.modulesPath === undefined ? undefined : force(specialArgs.modulesPath);
  const collected = collectModules([...args.modules, internalModule(specialArgs)], {
    class: args.class,
    args: moduleArgs,
    loadModule: args.loadModule ?? defaultModuleLoader(),
    modulesPath: modulesPath === undefined || modulesPath === null ? undefined : String(modulesPath),
  });
  state.collecting = false;

  // Modules declaring nothing (definitions, most shorthand modules) leave the declaration tree as it is.
  const sources: TreeSource[] = [];
  for (const m of collected) if (m.options !== NixAttrs.empty) sources.push({ file: m.file, value: m.options });
  const declarations = args.declarations?.levelFor(prefix, sources) ?? new DeclarationLevel(prefix, sources);
  tree = new OptionLevel(prefix, [], declarations, () => rootDefinitions(collected));
  const root = tree;
  const checked = new Thunk(() => {
    const cfg = force(internalConfig) as NixAttrs;
    const module = cfg.get("_module") as NixAttrs;
    if (module.get("check") === true && module.get("freeformType") === null) {
      const unmatched = root.unmatched();
      if (unmatched.length > 0) {
        const errors = unmatched.map((u) => unknownOptionError(prefix, u, root));
        throw errors.length === 1 ? errors[0] : new UserErrors(errors);
      }
    }
    return withoutModule(cfg);
  }, "config");

  const evaluation: Evaluation = {
    get config() {
      return force(checked) as NixAttrs;
    },
    get internalConfig() {
      return force(internalConfig) as NixAttrs;
    },
    get options() {
      return force(options) as NixAttrs;
    },
    tree: root,
    args,
    extend: (modules, extraArgs) =>
      evalModules({ ...args, modules: [...args.modules, ...modules], extraArgs: { ...args.extraArgs, ...extraArgs } }),
  };
  return evaluation;
}

function rootDefinitions(collected: readonly CollectedModule[]): Definition[] {
  const defs: Definition[] = [];
  for (const m of collected) {
    defs.push({ file: m.file, value: m.config });
    if (m.freeformType !== undefined) {
      defs.push({ file: m.file, value: NixAttrs.from({ _module: NixAttrs.from({ freeformType: m.freeformType }) }) });
    }
  }
  return defs;
}

/** The configuration without `_module` (names already in order: nothing is sorted). */
function withoutModule(cfg: NixAttrs): NixAttrs {
  const names = cfg.keys();
  const i = names.indexOf("_module");
  if (i < 0) return cfg;
  const values = cfg.sortedValues();
  values.splice(i, 1);
  return NixAttrs.fromArrays(names.filter((_, j) => j !== i), values);
}
