/**
 * `path` (an absolute path, as a path value or a string-like value) and
 * `package` (a derivation, or an absolute path string: our store directory
 * is not fixed to /nix/store, so any absolute path is accepted).
 */
import { mergeEqualOption, mergeOneOption } from "../merge-functions.ts";
import { sameTypeMerge, type OptionType } from "./option-type.ts";
import { force, isDerivation, isString, NixAttrs, NixFunction, NixPath, stringText, type Value } from "../../nix/value.ts";

/** A string-like value's text: strings, paths, and sets with outPath or __toString. */
export function stringLike(v: Value): string | undefined {
  if (isString(v)) return stringText(v);
  if (v instanceof NixPath) return v.path;
  if (v instanceof NixAttrs) {
    const out = v.get("outPath");
    if (out !== undefined) return stringLike(out);
    const toString = v.get("__toString");
    if (toString instanceof NixFunction) return stringLike(force(toString.call(v)));
  }
  return undefined;
}

export const path: OptionType = {
  name: "path",
  description: "absolute path",
  descriptionClass: "noun",
  check: (v) => stringLike(v)?.startsWith("/") ?? false,
  merge: mergeEqualOption,
  nestedTypes: {},
  typeMerge: (o) => sameTypeMerge(path)(o),
};

export const packageType: OptionType = {
  name: "package",
  description: "package",
  descriptionClass: "noun",
  check: (v) => isDerivation(v) || (stringLike(v)?.startsWith("/") ?? false),
  merge: (loc, defs) => mergeOneOption(loc, defs),
  nestedTypes: {},
  typeMerge: (o) => sameTypeMerge(packageType)(o),
};
