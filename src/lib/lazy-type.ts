/**
 * Option types made lazily, as nixpkgs' type constructors are: `attrsOf t`
 * does not look at `t` until the type is used, so a type may contain
 * itself (`valueType = oneOf [ str (attrsOf valueType) (listOf valueType) ]`,
 * as pkgs.formats' TOML and JSON types are written). `lazyTypeValue`
 * gives the `_type = "option-type"` set of a type constructed on first
 * use; its attribute names are known up front (the usual fields and the
 * constructor's nested type names).
 */
import { force, Thunk, type Lazy } from "../nix/value.ts";
import { OptionTypeAttrs, typeValue, type OptionType } from "../module-system/types/option-type.ts";
import { lazyType } from "../module-system/types/lazy-type.ts";

const FIELDS = [
  "_type", "name", "description", "descriptionClass", "check", "nestedTypes", "merge", "getSubOptions",
  "getSubModules", "substSubModules", "functor", "deprecationMessage", "emptyValue",
];

/** The Nix value of a type made on first use; `nested` names its element types (`elemType`, `left`, …). */
export function lazyTypeValue(make: () => OptionType, nested: readonly string[] = []): OptionTypeAttrs {
  const type = lazyType(make);
  // typeValue of the proxy: the first field read makes the type.
  const fields = new Map<string, Lazy>([...FIELDS, ...nested].map((k) => [k, k === "_type" ? "option-type" : new Thunk(() => force(typeValue(type).lazy(k) ?? null))]));
  return new OptionTypeAttrs(type, fields);
}
