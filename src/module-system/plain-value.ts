/**
 * Nix values as plain data (JSON), forced deeply, and back: what a
 * memo of submodule instances (instance-memo.ts) keys on and keeps. Only
 * data is plain: null, booleans, integers, finite floats, strings (with
 * their contexts), paths, lists and attribute sets; a function, a value
 * that fails to evaluate, or a value past the budget (too many nodes, too
 * deep, or a cycle) is not, and `toPlain` says undefined. Every tag is
 * explicit, so `fromPlain(toPlain(v))` is `v` again, integers as integers
 * and sets with their names in order.
 */
import { force, NixAttrs, NixPath, NixString, type Lazy, type Value } from "../nix/value.ts";

export type Plain = null | boolean | string | { readonly i: string } | { readonly f: number } | { readonly s: string; readonly c: readonly string[] } | { readonly p: string } | { readonly l: readonly Plain[] } | { readonly a: readonly (readonly [string, Plain])[] };

/** How much one `toPlain` may walk: nodes in all, and nesting. */
const MAX_NODES = 100_000;
const MAX_DEPTH = 64;

class NotPlain {}
const NOT_PLAIN = new NotPlain();

/** `v` forced deeply as plain data, or undefined when it is not data (or fails to evaluate, or is too large). */
export function toPlain(v: Lazy): Plain | undefined {
  let nodes = 0;
  const walk = (x: Lazy, depth: number): Plain => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) throw NOT_PLAIN;
    const value = force(x);
    if (value === null || typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "bigint") return { i: value.toString() };
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return { f: value };
    }
    if (value instanceof NixString) return { s: value.s, c: [...value.context].sort() };
    if (value instanceof NixPath) return { p: value.path };
    if (Array.isArray(value)) return { l: value.map((e) => walk(e, depth + 1)) };
    if (value instanceof NixAttrs) return { a: value.keys().map((k) => [k, walk(value.lazy(k) as Lazy, depth + 1)] as const) };
    throw NOT_PLAIN;
  };
  try {
    return walk(v, 0);
  } catch {
    // Not data, or an error the evaluation proper reports where it meets it.
    return undefined;
  }
}

/** The value plain data stands for. */
export function fromPlain(p: Plain): Value {
  if (p === null || typeof p === "boolean" || typeof p === "string") return p;
  if ("i" in p) return BigInt(p.i);
  if ("f" in p) return p.f;
  if ("s" in p) return p.c.length === 0 ? p.s : new NixString(p.s, new Set(p.c));
  if ("p" in p) return new NixPath(p.p);
  if ("l" in p) return p.l.map(fromPlain);
  const names: string[] = [];
  const values: Lazy[] = [];
  for (const [k, v] of p.a) {
    names.push(k);
    values.push(fromPlain(v));
  }
  return NixAttrs.fromArrays(names, values);
}
