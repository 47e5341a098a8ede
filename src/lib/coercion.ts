/**
 * The two string coercions lib functions rely on: interpolation
 * (`"${x}"`, `+`, concatStringsSep: strings, paths copied to the store,
 * sets with outPath or __toString) and `toString` (also numbers, booleans,
 * null and lists; paths as they are). Contexts are kept.
 */
import { coerceToString, mkString, type CopyToStore } from "../nix/coerce.ts";
import type { Lazy, Value } from "../nix/value.ts";

export function interpolate(v: Lazy, copy: CopyToStore): Value {
  const c = coerceToString(v, { coerceMore: false, copyToStore: true }, copy);
  return mkString(c.text, c.context);
}

const noCopy: CopyToStore = (p) => p;

export function nixToString(v: Lazy): Value {
  const c = coerceToString(v, { coerceMore: true, copyToStore: false }, noCopy);
  return mkString(c.text, c.context);
}
