/**
 * An option type that stands for another one found only when first used
 * (a renamed option has its new option's type, which must not be looked
 * up while declarations are still being built). Its Nix value has the
 * usual fields, each computed from the real type on demand.
 */
import { Thunk, type Lazy, type Value } from "../../nix/value.ts";
import type { OptionPath } from "../option-path.ts";
import { OptionTypeAttrs, typeValue, type OptionType } from "./option-type.ts";

/** An option type that stands for another one, found only when first used. */
export function deferredType(resolve: () => OptionType): OptionTypeAttrs {
  let resolved: OptionType | undefined;
  const t = () => (resolved ??= resolve());
  const bound = <K extends keyof OptionType>(k: K) => {
    const f = t()[k];
    return typeof f === "function" ? (f as (...a: unknown[]) => unknown).bind(t()) : f;
  };
  const type = {
    get name() { return t().name; },
    get description() { return t().description; },
    get descriptionClass() { return t().descriptionClass; },
    check: (v: Value) => t().check(v),
    merge: (loc: OptionPath, defs: Parameters<OptionType["merge"]>[1]) => t().merge(loc, defs),
    get headError() { return bound("headError"); },
    get emptyValue() { return t().emptyValue; },
    get emptyValueAt() { return bound("emptyValueAt"); },
    get nestedTypes() { return t().nestedTypes; },
    get subModules() { return t().subModules; },
    get substSubModules() { return bound("substSubModules"); },
    get getSubOptions() { return bound("getSubOptions"); },
    typeMerge: (other: OptionType) => t().typeMerge(other),
  } as OptionType;
  const fields = ["name", "description", "descriptionClass", "check", "merge", "nestedTypes", "emptyValue", "getSubOptions", "functor"];
  return new OptionTypeAttrs(type, new Map<string, Lazy>([
    ["_type", "option-type"],
    ...fields.map((k): [string, Lazy] => [k, new Thunk(() => typeValue(t()).get(k) ?? null)]),
  ]));
}
