/**
 * The option type contract (nixpkgs `mkOptionType`): a check, a merge over
 * definitions, an optional empty value, and how two declarations of the
 * same option combine their types (typeMerge).
 *
 * Types are implemented in TypeScript but are also Nix values: typeValue()
 * wraps one as an attribute set tagged `_type = "option-type"`, and
 * typeFromValue() accepts both our wrapped types and types a Nix module
 * built itself with `check`/`merge` functions.
 */
import { force, isString, NixAttrs, NixFunction, stringText, Thunk, typeTag, type Lazy, type Value } from "../../nix/value.ts";
import { showDefs, type Definition } from "../definition.ts";
import type { OptionPath } from "../option-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { lazyType } from "./lazy-type.ts";
import { nixDefinedType } from "./nix-defined-type.ts";
import type { SubmoduleArgs } from "./submodule.ts";

export type DescriptionClass = "noun" | "conjunction" | "composite" | "nonRestrictiveClause";

export interface OptionType {
  readonly name: string;
  readonly description: string;
  readonly descriptionClass?: DescriptionClass;
  /** Shallow check: composite types check their elements while merging. */
  check(v: Value): boolean;
  /** Merges definitions that all passed `check`, in final order. */
  merge(loc: OptionPath, defs: readonly Definition[]): Value;
  /**
   * Composite types (nixpkgs "v2 merge": listOf, attrsOf, nullOr, either,
   * coercedTo, submodule) judge their definitions themselves: the reason they
   * reject them, reported as "… is not of type `t'. TypeError: <detail>".
   * Types without it are checked definition by definition with `check`.
   */
  headError?(loc: OptionPath, defs: readonly Definition[]): HeadError | undefined;
  /**
   * What the merge learnt besides the value (nixpkgs' `valueMeta` of a v2
   * merge): attrsOf's per attribute, listOf's per element, a submodule's
   * evaluation. Types without it have `{ }`.
   */
  valueMeta?(loc: OptionPath, defs: readonly Definition[]): NixAttrs;
  /** A Nix type whose v2 merge lost its coherent check to an ad-hoc `type // { check = …; }`. */
  readonly v2Incoherent?: boolean;
  /** The value of an option of this type that nobody defined, if any. */
  readonly emptyValue?: { readonly value: Lazy };
  /** The empty value for an option at `loc`, when it depends on where it is (a submodule's errors name the path). */
  emptyValueAt?(loc: OptionPath): Value;
  /** Element types, by role (`elemType`, `left`, …), for docs and type generation. */
  readonly nestedTypes: Readonly<Record<string, OptionType>>;
  /** The separator of a separatedString type (its payload, for typeMerge). */
  readonly separator?: string;
  /** What attrsWith calls an attribute in sub-option paths (`name` gives `<name>`). */
  readonly placeholder?: string;
  /** The allowed values of an enum type. */
  readonly enumValues?: readonly Value[];
  /** Modules of a submodule type (for declaration merging and docs). */
  readonly subModules?: readonly Lazy[];
  /** A submodule type's own arguments (class, special arguments, …), for merging two declarations of it. */
  readonly submoduleArgs?: SubmoduleArgs;
  /** The same type with other submodules (used when a plain option tree extends a submodule). */
  substSubModules?(modules: readonly Lazy[]): OptionType;
  /** Combine with another declaration's type of the same option, or undefined if they cannot merge. */
  typeMerge(other: OptionType): OptionType | undefined;
  /** Evaluated sub-options of a submodule type, for documentation and type generation. */
  getSubOptions?(prefix: OptionPath): NixAttrs;
}

export interface HeadError {
  readonly detail: string;
  readonly defs: readonly Definition[];
}

/** A type's head error: its own judgement, or the definitions failing its check. */
export function typeHeadError(type: OptionType, loc: OptionPath, defs: readonly Definition[]): HeadError | undefined {
  return (type.headError ?? checkHeadError(type.check))(loc, defs);
}

/** The shallow check of a composite type as its head error. */
export function checkHeadError(check: (v: Value) => boolean) {
  return (_loc: OptionPath, defs: readonly Definition[]): HeadError | undefined => {
    const invalid = defs.filter((d) => !check(force(d.value)));
    return invalid.length === 0 ? undefined : failingDefinitions(invalid);
  };
}

/**
 * The head error of definitions that fail a check, its detail (their
 * values shown) made when first read: `either` asks its left type's head
 * error of every definition its right type takes, and only needs to know
 * there is one.
 */
export function failingDefinitions(invalid: readonly Definition[]): HeadError {
  let detail: string | undefined;
  return {
    get detail() {
      return (detail ??= `Definition values: ${showDefs(invalid)}`);
    },
    defs: invalid,
  };
}

/**
 * nixpkgs `optionDescriptionPhrase`: a nested type's description, in
 * parentheses unless its class fits unambiguously into the caller's phrase.
 */
export function optionDescriptionPhrase(unparenthesize: (cls: DescriptionClass | undefined) => boolean, t: OptionType): string {
  return unparenthesize(t.descriptionClass) ? t.description : `(${t.description})`;
}

/** Default typeMerge: identical simple types (no payload) merge to themselves. */
export function sameTypeMerge(self: OptionType) {
  return (other: OptionType): OptionType | undefined =>
    other.name === self.name && other.description === self.description ? self : undefined;
}

/** The attribute set that stands for an option type in Nix. */
export class OptionTypeAttrs extends NixAttrs {
  readonly type: OptionType;
  constructor(type: OptionType, fields: ReadonlyMap<string, Lazy>) {
    super(fields);
    this.type = type;
  }
}

const typeValues = new WeakMap<OptionType, OptionTypeAttrs>();

export function typeValue(type: OptionType): OptionTypeAttrs {
  const cached = typeValues.get(type);
  if (cached !== undefined) return cached;
  // Nested types' values are made when read: a type may contain itself.
  const nested = new Map<string, Lazy>(Object.entries(type.nestedTypes).map(([k, t]) => [k, new Thunk(() => typeValue(t), k)]));
  const fields = new Map<string, Lazy>([
    ["_type", "option-type"],
    ["name", type.name],
    ["description", new Thunk(() => type.description, "description")],
    ["descriptionClass", type.descriptionClass ?? null],
    ["check", new Thunk(() => checkValue(type), "check")],
    ["nestedTypes", new NixAttrs(nested)],
    // What Nix code calls on a type: `t.merge loc defs` (custom types delegating to ours), sub-options and sub-modules.
    ["merge", new Thunk(() => mergeValue(type), "merge")],
    ["getSubOptions", new NixFunction((prefix) => type.getSubOptions?.(pathFromValue(prefix)) ?? NixAttrs.empty, undefined, "getSubOptions")],
    ["getSubModules", type.subModules === undefined ? null : [...type.subModules]],
    ["substSubModules", new NixFunction((m) => typeValue(type.substSubModules?.(listValue(m)) ?? type), undefined, "substSubModules")],
    ["functor", NixAttrs.from({ name: functorName(type.name), wrapped: nested.get("elemType") ?? null, payload: null })],
    ["deprecationMessage", null],
  ]);
  for (const [k, v] of nested) fields.set(k, v);
  if (type.emptyValue !== undefined) fields.set("emptyValue", NixAttrs.from({ value: type.emptyValue.value }));
  else fields.set("emptyValue", NixAttrs.empty);
  const v = new OptionTypeAttrs(type, fields);
  typeValues.set(type, v);
  return v;
}

/** `check`: a function, or for a type judging its definitions itself (v2 merge) a functor marked coherent with it. */
function checkValue(type: OptionType): Value {
  const check = new NixFunction((v) => type.check(force(v)), undefined, "check");
  if (type.headError === undefined) return check;
  return NixAttrs.from({ __functor: new NixFunction(() => check, undefined, "check"), isV2MergeCoherent: true });
}

/**
 * `merge loc defs`; for a type judging its definitions itself, also
 * nixpkgs' `merge.v2 { loc; defs; }` giving `{ headError; value; valueMeta; }`.
 */
function mergeValue(type: OptionType): Value {
  const merge = new NixFunction((loc) => new NixFunction((defs) => type.merge(pathFromValue(loc), definitionsFromValue(defs)), undefined, "merge"), undefined, "merge");
  if (type.headError === undefined) return merge;
  const v2 = new NixFunction((arg) => {
    const a = force(arg) as NixAttrs;
    const loc = pathFromValue(a.lazy("loc") ?? []);
    const defs = definitionsFromValue(a.lazy("defs") ?? []);
    const error = typeHeadError(type, loc, defs);
    return NixAttrs.from({
      headError: error === undefined ? null : NixAttrs.from({ message: error.detail }),
      value: new Thunk(() => type.merge(loc, defs)),
      valueMeta: new Thunk(() => type.valueMeta?.(loc, defs) ?? NixAttrs.empty),
    });
  }, undefined, "v2");
  return NixAttrs.from({ __functor: new NixFunction(() => merge, undefined, "merge"), v2 });
}

/** The functor name nixpkgs gives a type (it differs from the type's name for a few). */
function functorName(name: string): string {
  if (name === "attrsOf" || name === "lazyAttrsOf") return "attrsWith";
  if (name.startsWith("strMatching")) return "strMatching";
  if (name === "intBetween" || name === "positiveInt" || /^(un)?signedInt/.test(name)) return "int";
  if (/^number(Between|Nonnegative|Positive)$/.test(name)) return "either";
  if (name === "deferredModule") return "deferredModuleWith";
  return name;
}

function listValue(v: Lazy): Lazy[] {
  const x = force(v);
  if (!Array.isArray(x)) throw new UserError("Expected a list");
  return x;
}

/** An option path from its Nix value (a list of strings). */
export function pathFromValue(v: Lazy): string[] {
  return listValue(v).map((p) => {
    const x = force(p);
    if (!isString(x)) throw new UserError("An option path must be a list of strings");
    return stringText(x);
  });
}

/** Definitions from their Nix value: a list of `{ file; value; }`. */
export function definitionsFromValue(v: Lazy): Definition[] {
  return listValue(v).map((d) => {
    const def = force(d);
    if (!(def instanceof NixAttrs)) throw new UserError("A definition must be a set `{ file; value; }`");
    const file = def.get("file");
    return { file: file !== undefined && isString(file) ? stringText(file) : String(file ?? "<unknown-file>"), value: def.lazy("value") ?? null };
  });
}

const nixTypes = new WeakMap<NixAttrs, OptionType>();

/** An OptionType from its Nix value: ours unwrapped, or one built in Nix with check/merge functions. */
export function typeFromValue(v: Value, what: string): OptionType {
  if (v instanceof OptionTypeAttrs) return v.type;
  if (!(v instanceof NixAttrs) || typeTag(v) !== "option-type") {
    throw new UserError(`Cannot use ${what} as an option type: expected a value made by lib.types or lib.mkOptionType`);
  }
  // The same Nix value is the same type (so two declarations using it merge).
  let t = nixTypes.get(v);
  // Cached before it is made: making it may meet the same set again (a type containing itself).
  if (t === undefined) nixTypes.set(v, (t = lazyType(() => nixDefinedType(v))));
  return t;
}
