/**
 * `submodule m` / `submoduleWith { modules, specialArgs, class, … }`: each
 * definition becomes a module of a nested evaluation whose prefix is the
 * option's location, so errors name full paths such as
 * `users.users.alice.uid`. The nested modules receive `name`, the last
 * element of the location (the attribute name under attrsOf).
 * With shorthandOnlyDefinesConfig (`submodule`), a set definition is pure
 * config; functions and paths are imported as modules.
 */
import { force, NixAttrs, NixFunction, type Lazy, Thunk } from "../../nix/value.ts";
import { evalModules, type Evaluation } from "../eval-modules.ts";
import { checkHeadError, optionDescriptionPhrase, typeFromValue, type OptionType } from "./option-type.ts";
import type { OptionPath } from "../option-path.ts";
import type { Definition } from "../definition.ts";
import { path } from "./path.ts";
import { INTERNAL_FILE } from "../internal-module.ts";
import { DeclarationCache } from "../declaration-tree.ts";
import { configurationOf } from "../nix-configuration.ts";
import { configModule } from "../module-syntax.ts";
import { Layout } from "../../nix/attrs-layout.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { currentInstanceMemo, instanceKey, type SubmoduleMemo } from "../instance-memo.ts";
import { fromPlain } from "../plain-value.ts";

export interface SubmoduleArgs {
  readonly modules: readonly Lazy[];
  /** A function when they may only be read once the submodule is evaluated (nixpkgs' are lazy: they may read the config). */
  readonly specialArgs?: Readonly<Record<string, Lazy>> | (() => Readonly<Record<string, Lazy>> | undefined);
  readonly shorthandOnlyDefinesConfig?: boolean;
  readonly class?: string;
  readonly description?: string;
  /** The `lib` argument of Nix modules inside (the Nix lib's types pass theirs). */
  readonly lib?: Lazy;
  /** Instances may be answered from the memo of an earlier evaluation (instance-memo.ts): only for these very modules. */
  readonly memo?: SubmoduleMemo;
}

const DEFAULT_NAME = "‹name›";

// Layouts of the sets each instance makes (names in Nix's order).
const MODULE = new Layout(["_module"], undefined);
const ARGS = new Layout(["args"], undefined);
const NAME = new Layout(["name"], undefined);
const IMPORTS_MODULE = new Layout(["_file", "imports"], undefined);

/** `{ _file; config._module.args.name = name; }`: in full form, its config is the set itself (no copy made per instance). */
function nameModule(name: string): NixAttrs {
  return configModule(INTERNAL_FILE, NixAttrs.fromLayout(MODULE, [NixAttrs.fromLayout(ARGS, [NixAttrs.fromLayout(NAME, [name])])]));
}

export function submoduleWith(args: SubmoduleArgs): OptionType {
  const shorthand = () => args.shorthandOnlyDefinesConfig ?? false;
  // Every instance whose modules declare the same option sets shares their declarations.
  const declarations = new DeclarationCache();
  const evaluate = (prefix: OptionPath, name: string, extra: readonly Lazy[]): Evaluation =>
    evalModules({
      modules: ([nameModule(name)] as Lazy[]).concat(args.modules, extra),
      prefix,
      specialArgs: typeof args.specialArgs === "function" ? args.specialArgs() : args.specialArgs,
      class: args.class,
      extraArgs: args.lib === undefined ? { name } : { name, lib: args.lib },
      declarations,
    });
  // One evaluation per option's definitions: its config is the value, the whole of it the valueMeta.
  const instances = new WeakMap<readonly Definition[], Evaluation>();
  const instance = (loc: OptionPath, defs: readonly Definition[]): Evaluation => {
    let e = instances.get(defs);
    if (e !== undefined) return e;
    const modules = new Array<Lazy>(defs.length);
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i] as Definition;
      const v = force(d.value);
      modules[i] = shorthand() && v instanceof NixAttrs ? configModule(d.file, v) : NixAttrs.fromLayout(IMPORTS_MODULE, [d.file, [v]]);
    }
    e = evaluate(loc, loc[loc.length - 1] ?? DEFAULT_NAME, modules);
    instances.set(defs, e);
    return e;
  };
  // The configuration of an instance whose key the memo knows, else the instance's (remembered for the memo when there is one).
  const memoized = (loc: OptionPath, defs: readonly Definition[]) => {
    const memo = currentInstanceMemo();
    const key = memo === undefined || args.memo === undefined ? undefined : instanceKey(args.memo, loc[loc.length - 1] ?? DEFAULT_NAME, defs);
    if (memo === undefined || key === undefined) return instance(loc, defs).config;
    const known = memo.lookup(key);
    if (known !== undefined) return fromPlain(known);
    const config = instance(loc, defs).config;
    memo.remember(key, config);
    return config;
  };
  let base: Evaluation | undefined;
  const baseEval = () => (base ??= evaluate([], DEFAULT_NAME, []));
  let description: string | undefined;
  const check = (v: Parameters<OptionType["check"]>[0]) => v instanceof NixAttrs || v instanceof NixFunction || path.check(v);
  const self: OptionType = {
    name: "submodule",
    get description(): string {
      return (description ??= args.description ?? describe(baseEval()));
    },
    check,
    headError: checkHeadError(check),
    merge: memoized,
    valueMeta: (loc, defs) => NixAttrs.from({ configuration: configurationOf(instance(loc, defs)) }),
    emptyValue: { value: new Thunk(() => baseEval().config) },
    emptyValueAt: (loc) => evaluate(loc, loc[loc.length - 1] ?? DEFAULT_NAME, []).config,
    nestedTypes: {},
    subModules: args.modules,
    submoduleArgs: args,
    // The memo's id names these modules: kept where the declarations only gave them their location.
    substSubModules: (modules) => submoduleWith({ ...args, modules, memo: locatedAlike(args.modules, modules) ? args.memo : undefined }),
    getSubOptions: (prefix) => subOptions(evaluate(prefix, "<name>", []), prefix),
    typeMerge(other) {
      if (other.name !== "submodule" || other.subModules === undefined) return undefined;
      return submoduleWith(mergedArgs(args, other.submoduleArgs ?? { modules: other.subModules }));
    },
  };
  return self;
}

/** Whether `next` is `modules`, each as it is or given a location (`{ _file; imports = [ m ]; }`: how a declaration passes its type's submodules on). */
function locatedAlike(modules: readonly Lazy[], next: readonly Lazy[]): boolean {
  if (modules.length !== next.length) return false;
  return next.every((n, i) => {
    if (n === modules[i]) return true;
    if (!(n instanceof NixAttrs) || n.size !== 2 || !n.has("_file")) return false;
    const imports = n.get("imports");
    return Array.isArray(imports) && imports.length === 1 && imports[0] === modules[i];
  });
}

/**
 * Two declarations' submoduleWith arguments, combined as nixpkgs' functor
 * binOp: modules concatenated, and class, shorthandOnlyDefinesConfig and
 * description agreeing where both give one (read when used, as nixpkgs').
 */
function mergedArgs(lhs: SubmoduleArgs, rhs: SubmoduleArgs): SubmoduleArgs {
  const agreed = <T>(l: T | undefined, r: T | undefined, conflict: () => string): T | undefined => {
    if (l === undefined || r === undefined || l === r) return l ?? r;
    throw new UserError(conflict());
  };
  const special = (a: SubmoduleArgs) => (typeof a.specialArgs === "function" ? a.specialArgs() : a.specialArgs) ?? {};
  return {
    modules: [...lhs.modules, ...rhs.modules],
    lib: lhs.lib ?? rhs.lib,
    specialArgs: () => {
      const l = special(lhs);
      const r = special(rhs);
      const both = Object.keys(l).filter((k) => k in r);
      if (both.length > 0) throw new UserError(`A submoduleWith option is declared multiple times with the same specialArgs "${both.join(" ")}"`);
      return { ...l, ...r };
    },
    get class() {
      return agreed(lhs.class, rhs.class, () => `A submoduleWith option is declared multiple times with conflicting class values "${lhs.class}" and "${rhs.class}".`);
    },
    get shorthandOnlyDefinesConfig() {
      return agreed(lhs.shorthandOnlyDefinesConfig, rhs.shorthandOnlyDefinesConfig, () => "A submoduleWith option is declared multiple times with conflicting shorthandOnlyDefinesConfig values");
    },
    get description() {
      return agreed(lhs.description, rhs.description, () => "A submoduleWith option is declared multiple times with conflicting descriptions");
    },
  };
}

/** The options of an evaluation for documentation, and its freeform type's as `_freeformOptions` (nixpkgs' getSubOptions). */
function subOptions(e: Evaluation, prefix: OptionPath): NixAttrs {
  const module = e.internalConfig.get("_module") as NixAttrs;
  const freeform = module.get("freeformType");
  if (freeform === null || freeform === undefined) return e.options;
  const t = typeFromValue(freeform, "`_module.freeformType'");
  return e.options.update(NixAttrs.from({ _freeformOptions: new Thunk(() => t.getSubOptions?.(prefix) ?? NixAttrs.empty) }));
}

/** "submodule", or "open submodule of <freeform type>" when the submodule has a freeform type. */
function describe(base: Evaluation): string {
  const module = base.internalConfig.get("_module") as NixAttrs;
  const freeform = module.get("freeformType");
  if (freeform === null || freeform === undefined) return "submodule";
  const t = typeFromValue(freeform, "`_module.freeformType'");
  return `open submodule of ${optionDescriptionPhrase((c) => c === "noun" || c === "composite", t)}`;
}

export function submodule(modules: Lazy | readonly Lazy[]): OptionType {
  return submoduleWith({ modules: Array.isArray(modules) ? modules : [modules as Lazy], shorthandOnlyDefinesConfig: true });
}
