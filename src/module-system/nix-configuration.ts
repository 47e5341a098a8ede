/**
 * An evaluation as nixpkgs' `evalModules` returns it to Nix code
 * (`config`, `options` and `_module`, each reporting unknown options when
 * read, `extendModules`, `type`, `class` and `graph`), and the two module arguments
 * every evaluation gives its modules through `_module.args`, the top-level
 * one and each submodule instance alike: `extendModules` (the same
 * evaluation with more modules, other special arguments or another prefix)
 * and `moduleType` (a submodule type of its modules).
 */
import { force, NixAttrs, NixFunction, Thunk, type Formals, type Lazy, type Value } from "../nix/value.ts";
import { Layout } from "../nix/attrs-layout.ts";
import { expectAttrs, expectList, stringList } from "../nix/expect.ts";
import { evalModules, type EvalModulesArgs, type Evaluation } from "./eval-modules.ts";
import { submoduleWith } from "./types/submodule.ts";
import { typeValue } from "./types/option-type.ts";

const OWN_ARGS = new Layout(["extendModules", "moduleType"], undefined);
const EXTEND_FORMALS: Formals = { names: new Map([["modules", true], ["prefix", true], ["specialArgs", true]]), ellipsis: false };

/** `{ extendModules; moduleType; }` of an evaluation of `args`, made when read. */
export function ownModuleArgs(args: EvalModulesArgs): NixAttrs {
  return NixAttrs.fromLayout(OWN_ARGS, [Thunk.deferred(extendModulesFn, args), Thunk.deferred(moduleType, args)]);
}

function moduleType(args: EvalModulesArgs): Value {
  return typeValue(submoduleWith({ modules: args.modules, specialArgs: args.specialArgs, class: args.class, lib: args.extraArgs?.lib }));
}

function extendModulesFn(args: EvalModulesArgs): NixFunction {
  return new NixFunction(
    (arg) => {
      const a = expectAttrs(arg);
      const prefix = a.lazy("prefix");
      const special = a.lazy("specialArgs");
      return configurationValue({
        ...args,
        modules: [...args.modules, ...expectList(a.lazy("modules") ?? [])],
        specialArgs: special === undefined ? args.specialArgs : { ...args.specialArgs, ...Object.fromEntries(expectAttrs(special).map) },
        prefix: prefix === undefined ? args.prefix : stringList(prefix),
        ownArgs: undefined,
      });
    },
    EXTEND_FORMALS,
    "extendModules",
  );
}

/** The result of evaluating `args`; the modules are collected when it is first read (a class mismatch in an unread evaluation is no error). */
export function configurationValue(args: EvalModulesArgs): NixAttrs {
  const own = args.ownArgs ?? ownModuleArgs(args);
  let made: Evaluation | undefined;
  return configurationAttrs(() => (made ??= evalModules({ ...args, ownArgs: own })), own, args.class);
}

const evaluations = new WeakMap<NixAttrs, Evaluation>();

/** The result of an evaluation already made (a submodule instance's `valueMeta.configuration`). */
export function configurationOf(e: Evaluation): NixAttrs {
  const attrs = configurationAttrs(() => e, e.ownArgs, e.args.class);
  evaluations.set(attrs, e);
  return attrs;
}

/** The evaluation a `configurationOf` result is of (undefined for any other set): for reading its option tree directly. */
export function evaluationOf(configuration: NixAttrs): Evaluation | undefined {
  return evaluations.get(configuration);
}

function configurationAttrs(evaluation: () => Evaluation, own: NixAttrs, cls: string | undefined): NixAttrs {
  const config = new Thunk(() => evaluation().config, "config");
  const checked = (f: () => Value) => new Thunk(() => (force(config), f()));
  return NixAttrs.from({
    _type: "configuration",
    config,
    options: checked(() => evaluation().options),
    _module: checked(() => evaluation().internalConfig.get("_module") ?? NixAttrs.empty),
    extendModules: own.lazy("extendModules") as Lazy,
    type: own.lazy("moduleType") as Lazy,
    class: cls ?? null,
    graph: new Thunk(() => force(evaluation().graph)),
  });
}
