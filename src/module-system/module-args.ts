/**
 * The arguments one evaluation gives its module functions (nixpkgs
 * `applyModuleArgs`): `config`, `options`, `specialArgs`, `_class`,
 * `_prefix`, the direct and special arguments, `lib`, and any other name
 * lazily from `config._module.args`. Made apart from evalModules' scope:
 * what a module keeps (a closure reading `config`) keeps these and no more.
 */
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import type { ModuleArgs } from "./collect-modules.ts";
import type { EvalModulesArgs } from "./eval-modules.ts";
import type { OptionPath } from "./option-path.ts";
import { jsArgs } from "./js-module-args.ts";
import { defaultNixModuleLib } from "./nix-module-lib.ts";

/** The `specialArgs` module argument: one set per special arguments object (a submodule type's instances share theirs). */
const specialArgsSets = new WeakMap<Readonly<Record<string, Lazy>>, NixAttrs>();

function specialArgsSet(specialArgs: Readonly<Record<string, Lazy>>): NixAttrs {
  let set = specialArgsSets.get(specialArgs);
  if (set === undefined) specialArgsSets.set(specialArgs, (set = NixAttrs.from({ ...specialArgs })));
  return set;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function moduleArgsFor(
  args: EvalModulesArgs,
  prefix: OptionPath,
  specialArgs: Readonly<Record<string, Lazy>>,
  internalConfig: Thunk,
  options: Thunk,
): ModuleArgs {
  return new EvaluationArgs(args, prefix, specialArgs, internalConfig, options);
}

/** One evaluation's module arguments: an object of fields (no closures made until a module function asks). */
class EvaluationArgs implements ModuleArgs {
  readonly #args: EvalModulesArgs;
  readonly #prefix: OptionPath;
  readonly #specialArgs: Readonly<Record<string, Lazy>>;
  readonly #internalConfig: Thunk;
  readonly #options: Thunk;
  #prefixList: Lazy | undefined;
  #collection: Map<string, Lazy> | undefined;

  constructor(args: EvalModulesArgs, prefix: OptionPath, specialArgs: Readonly<Record<string, Lazy>>, internalConfig: Thunk, options: Thunk) {
    this.#args = args;
    this.#prefix = prefix;
    this.#specialArgs = specialArgs;
    this.#internalConfig = internalConfig;
    this.#options = options;
  }

  #builtin(name: string): Lazy | undefined {
    switch (name) {
      case "config":
        return this.#internalConfig;
      case "options":
        return this.#options;
      case "specialArgs":
        return specialArgsSet(this.#specialArgs);
      case "_class":
        return this.#args.class ?? null;
      case "_prefix":
        return (this.#prefixList ??= [...this.#prefix]);
      default:
        return undefined;
    }
  }

  /** Special arguments win over direct ones, which win over the built-in ones; `lib` defaults to the Nix lib. */
  arg(name: string): Lazy | undefined {
    const specialArgs = this.#specialArgs;
    if (hasOwn(specialArgs, name)) return specialArgs[name];
    const extra = this.#args.extraArgs;
    if (extra !== undefined && hasOwn(extra, name)) return extra[name];
    return this.#builtin(name) ?? (name === "lib" ? defaultNixModuleLib() : undefined);
  }

  /** Made only for a Nix module function (a TypeScript one asks for its arguments by name). */
  get collection(): ReadonlyMap<string, Lazy> {
    if (this.#collection !== undefined) return this.#collection;
    const collection = new Map<string, Lazy>();
    for (const k of ["config", "options", "specialArgs", "_class", "_prefix"]) collection.set(k, this.#builtin(k) as Lazy);
    const extra = this.#args.extraArgs;
    for (const k in extra) collection.set(k, extra[k] as Lazy);
    for (const k in this.#specialArgs) collection.set(k, this.#specialArgs[k] as Lazy);
    const lib = collection.has("lib") ? undefined : defaultNixModuleLib();
    if (lib !== undefined) collection.set("lib", lib);
    return (this.#collection = collection);
  }

  fromConfig(name: string, key: string): Lazy {
    return configArg(this.#internalConfig, name, key);
  }

  forJS(key: string): unknown {
    return jsArgs(this, key);
  }
}

/** `config._module.args.<name>`, lazily; `key` names the module asking, for error context. */
function configArg(internalConfig: Thunk, name: string, key: string): Lazy {
  return new Thunk(() => {
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
}
