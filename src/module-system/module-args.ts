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
  let prefixList: Lazy | undefined;
  const builtin = (name: string): Lazy | undefined => {
    switch (name) {
      case "config":
        return internalConfig;
      case "options":
        return options;
      case "specialArgs":
        return specialArgsSet(specialArgs);
      case "_class":
        return args.class ?? null;
      case "_prefix":
        return (prefixList ??= [...prefix]);
      default:
        return undefined;
    }
  };
  // Special arguments win over direct ones, which win over the built-in ones; `lib` defaults to the Nix lib.
  const arg = (name: string): Lazy | undefined => {
    if (hasOwn(specialArgs, name)) return specialArgs[name];
    const extra = args.extraArgs;
    if (extra !== undefined && hasOwn(extra, name)) return extra[name];
    return builtin(name) ?? (name === "lib" ? defaultNixModuleLib() : undefined);
  };
  let collection: Map<string, Lazy> | undefined;
  const fromConfig = configArgs(internalConfig);
  return {
    // Made only for a Nix module function (a TypeScript one asks for its arguments by name).
    get collection() {
      if (collection !== undefined) return collection;
      collection = new Map<string, Lazy>();
      for (const k of ["config", "options", "specialArgs", "_class", "_prefix"]) collection.set(k, builtin(k) as Lazy);
      for (const k in args.extraArgs) collection.set(k, args.extraArgs[k] as Lazy);
      for (const k in specialArgs) collection.set(k, specialArgs[k] as Lazy);
      const lib = collection.has("lib") ? undefined : defaultNixModuleLib();
      if (lib !== undefined) collection.set("lib", lib);
      return collection;
    },
    arg,
    fromConfig,
    forJS: (key) => jsArgs(arg, (name) => fromConfig(name, key)),
  };
}

/** `config._module.args.<name>`, lazily; `key` names the module asking, for error context. */
function configArgs(internalConfig: Thunk): ModuleArgs["fromConfig"] {
  return (name, key) =>
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
}
