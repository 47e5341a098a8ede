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

export function moduleArgsFor(
  args: EvalModulesArgs,
  prefix: OptionPath,
  specialArgs: Readonly<Record<string, Lazy>>,
  internalConfig: Thunk,
  options: Thunk,
): ModuleArgs {
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
  const fromConfig = configArgs(internalConfig);
  return { collection, fromConfig, forJS: (key) => jsArgs(collection, (name) => fromConfig(name, key)) };
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
