/** The JSON-shaped values lib.systems' data tables and parsed systems are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type JsonObject = { [key: string]: Json };

/** `lib.matchAttrs`: every attribute of the pattern is in the value, sets compared recursively, others by equality. */
export function matchesPattern(pattern: Json, value: Json | undefined): boolean {
  if (isObject(pattern) && isObject(value)) return Object.entries(pattern).every(([k, p]) => k in value && matchesPattern(p, value[k]));
  return jsonEqual(pattern, value);
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Nix's `==` on JSON-shaped values. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return a === b;
}
