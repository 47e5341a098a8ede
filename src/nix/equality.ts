/**
 * Nix's `==`: numbers compare across int and float, strings ignore their
 * context, derivations compare by outPath, functions are never equal
 * (except, as in C++ Nix, the very same function inside a list or set).
 */
import { force, isDerivation, isString, NixAttrs, NixFunction, NixPath, stringText, type Lazy, type Value } from "./value.ts";

export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b && !(a instanceof NixFunction)) return true;
  if (typeof a === "bigint" || typeof a === "number") {
    if (typeof b !== "bigint" && typeof b !== "number") return false;
    if (typeof a === "bigint" && typeof b === "bigint") return a === b;
    return Number(a) === Number(b);
  }
  if (isString(a)) return isString(b) && stringText(a) === stringText(b);
  if (a instanceof NixPath) return b instanceof NixPath && a.path === b.path;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => lazyEqual(x, b[i] as Lazy));
  }
  if (a instanceof NixAttrs) {
    if (!(b instanceof NixAttrs)) return false;
    if (isDerivation(a) && isDerivation(b)) {
      const pa = a.get("outPath");
      const pb = b.get("outPath");
      if (pa !== undefined && pb !== undefined) return valuesEqual(pa, pb);
    }
    if (a.size !== b.size) return false;
    const names = a.keys();
    const other = b.keys();
    if (names !== other) for (let i = 0; i < names.length; i++) if (names[i] !== other[i]) return false;
    const va = a.valuesInOrder();
    const vb = b.valuesInOrder();
    for (let i = 0; i < va.length; i++) if (!lazyEqual(va[i] as Lazy, vb[i] as Lazy)) return false;
    return true;
  }
  return false;
}

function lazyEqual(a: Lazy, b: Lazy): boolean {
  if (a === b) return true;
  return valuesEqual(force(a), force(b));
}
