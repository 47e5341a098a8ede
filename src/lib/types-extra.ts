/**
 * Option types the Nix lib offers beyond the module system's own:
 * `addCheck t f` (t with an extra check), `nonEmptyListOf`,
 * `deferredModule(With)` (definitions kept as modules for a later
 * evaluation, each located "⟨file⟩, via option ⟨loc⟩"), `numbers.*` and
 * `shellPackage`; and `mkOptionType`, a type written in Nix whose check,
 * merge and sub-option functions are Nix functions.
 */
import { force, isDerivation, NixAttrs, NixFunction, type Lazy, type Value } from "../nix/value.ts";
import { call, isCallable } from "./fn.ts";
import { attrs, expectAttrs, text } from "../nix/expect.ts";
import { nixToString } from "./coercion.ts";
import { lessThan } from "../nix/operators.ts";
import { checkHeadError, definitionsFromValue, optionDescriptionPhrase, OptionTypeAttrs, pathFromValue, typeFromValue, type OptionType } from "../module-system/types/option-type.ts";
import { types as rawTypes } from "../module-system/types/index.ts";
import { showOption } from "../module-system/option-path.ts";
import { mergeDefaultOption } from "../module-system/merge-functions.ts";

export function addCheck(inner: OptionType, extra: (v: Value) => boolean): OptionType {
  const check = (v: Value) => inner.check(v) && extra(v);
  const own = checkHeadError(check);
  return {
    get name() { return inner.name; },
    get description() { return inner.description; },
    get descriptionClass() { return inner.descriptionClass; },
    check,
    headError: (loc, defs) => inner.headError?.(loc, defs) ?? own(loc, defs),
    merge: (loc, defs) => inner.merge(loc, defs),
    get emptyValue() { return inner.emptyValue; },
    get nestedTypes() { return inner.nestedTypes; },
    get subModules() { return inner.subModules; },
    getSubOptions: inner.getSubOptions === undefined ? undefined : (p) => inner.getSubOptions!(p),
    substSubModules: (m) => addCheck(inner.substSubModules?.(m) ?? inner, extra),
    typeMerge: () => undefined,
  };
}

export function nonEmptyListOf(elemType: OptionType): OptionType {
  const list = addCheck(rawTypes.listOf(elemType), (v) => Array.isArray(v) && v.length > 0);
  return {
    ...list,
    description: `non-empty ${optionDescriptionPhrase((c) => c === "noun", list)}`,
    emptyValue: undefined,
    substSubModules: (m) => nonEmptyListOf(elemType.substSubModules?.(m) ?? elemType),
  };
}

export function deferredModuleWith(staticModules: readonly Lazy[]): OptionType {
  const self: OptionType = {
    name: "deferredModule",
    description: "module",
    descriptionClass: "noun",
    check: (v) => v instanceof NixAttrs || isCallable(v) || rawTypes.path.check(v),
    merge: (loc, defs) =>
      attrs({
        imports: [...staticModules, ...defs.map((d) => attrs({ _file: `${d.file}, via option ${showOption(loc)}`, imports: [d.value] }))],
      }),
    nestedTypes: {},
    subModules: staticModules,
    substSubModules: (m) => deferredModuleWith(m),
    typeMerge: (other) => (other.name === "deferredModule" && other.subModules !== undefined ? deferredModuleWith([...staticModules, ...other.subModules]) : undefined),
  };
  return self;
}

/** A number as nixpkgs' descriptions show it (builtins.toJSON: 1.5, not toString's 1.500000). */
const showNumber = (v: Value) => (typeof v === "number" ? String(v) : String(nixToString(v)));

const isNumber = (v: Value) => typeof v === "bigint" || typeof v === "number";

/** A number type: `number` (an either, so a conjunction) with a check; "positive …, meaning >0" reads as a clause. */
function numberType(name: string, description: string, ok: (v: Value) => boolean, descriptionClass = rawTypes.number.descriptionClass): OptionType {
  return { ...addCheck(rawTypes.number, ok), name, description, descriptionClass };
}

export const numbers = {
  between: (lo: Value, hi: Value) =>
    numberType(
      "numberBetween",
      `integer or floating point number between ${showNumber(lo)} and ${showNumber(hi)} (both inclusive)`,
      (v) => isNumber(v) && !lessThan(v, lo) && !lessThan(hi, v),
    ),
  nonnegative: numberType("numberNonnegative", "nonnegative integer or floating point number, meaning >=0", (v) => isNumber(v) && !lessThan(v, 0n), "nonRestrictiveClause"),
  positive: numberType("numberPositive", "positive integer or floating point number, meaning >0", (v) => isNumber(v) && lessThan(0n, v), "nonRestrictiveClause"),
};

export const shellPackage: OptionType = {
  ...rawTypes.package,
  name: "shellPackage",
  description: "shell package",
  check: (v) => isDerivation(v) && (v as NixAttrs).has("shellPath"),
  typeMerge: (o) => (o.name === "shellPackage" ? shellPackage : undefined),
};

/** `mkOptionType { name, check?, merge?, … }`: a type defined by Nix functions. */
export function mkOptionType(arg: Lazy): OptionTypeAttrs {
  const a = expectAttrs(arg);
  const name = text(a.lazy("name") ?? "unnamed");
  const field = (k: string) => a.lazy(k);
  const desc = force(field("description") ?? null);
  const nested = expectAttrs(field("nestedTypes") ?? NixAttrs.empty);
  const empty = expectAttrs(field("emptyValue") ?? NixAttrs.empty);
  const subModules = force(field("getSubModules") ?? null);
  const self: OptionType = {
    name,
    description: desc === null ? name : text(desc),
    descriptionClass: (force(field("descriptionClass") ?? null) ?? undefined) as OptionType["descriptionClass"],
    check: (v) => (field("check") === undefined ? true : force(call(field("check") as Lazy, v)) === true),
    merge: (loc, defs) => {
      const merge = field("merge");
      if (merge === undefined) return mergeDefaultOption(loc, defs);
      return call(merge, [...loc], defs.map((d) => attrs({ file: d.file, value: d.value })));
    },
    emptyValue: empty.has("value") ? { value: empty.lazy("value") as Lazy } : undefined,
    nestedTypes: Object.fromEntries(nested.keys().map((k) => [k, typeFromValue(nested.get(k) as Value, `nested type ${k}`)])),
    subModules: Array.isArray(subModules) ? subModules : undefined,
    getSubOptions: field("getSubOptions") === undefined ? undefined : (prefix) => expectAttrs(call(field("getSubOptions") as Lazy, [...prefix])),
    substSubModules: (m) => {
      const f = field("substSubModules");
      const t = f === undefined ? null : call(f, [...m]);
      return t === null ? self : typeFromValue(t, `the type ${name}`);
    },
    typeMerge: (other) => (other === self ? self : undefined),
  };
  const fields = new Map<string, Lazy>(a.map);
  fields.set("_type", "option-type");
  fields.set("description", self.description);
  if (!fields.has("functor")) fields.set("functor", attrs({ name, wrapped: null, payload: null }));
  if (!fields.has("check")) fields.set("check", new NixFunction(() => true));
  if (!fields.has("merge")) fields.set("merge", new NixFunction((loc) => new NixFunction((defs) => self.merge(pathFromValue(loc), definitionsFromValue(defs)))));
  return new OptionTypeAttrs(self, fields);
}

