/**
 * Nix values as plain data (JSON), forced deeply, and back: what a
 * memo of submodule instances (instance-memo.ts) keys on and keeps. Only
 * data is plain: null, booleans, integers, finite floats, strings (with
 * their contexts), paths, lists and attribute sets; a function, a value
 * that fails to evaluate, or a value past the budget (too many nodes, too
 * deep, or a cycle) is not, and `toPlain` says undefined. A set is a JSON
 * object, every other kind but null, booleans and plain strings a tagged
 * array (["i", "3"] an integer, ["f", 3] a float, ["s", text, contexts],
 * ["p", path], ["l", …elements]), so `fromPlain(toPlain(v))` is `v`
 * again, integers as integers and sets with their names in order.
 */
import { force, NixAttrs, NixPath, NixString, type Lazy, type Value } from "../nix/value.ts";

export type Plain = null | boolean | string | PlainTagged | PlainAttrs;
type PlainTagged = readonly ["i", string] | readonly ["f", number] | readonly ["s", string, readonly string[]] | readonly ["p", string] | readonly ["l", ...Plain[]];
interface PlainAttrs {
  readonly [name: string]: Plain;
}

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
    if (typeof value === "bigint") return ["i", value.toString()];
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return ["f", value];
    }
    if (value instanceof NixString) return ["s", value.s, [...value.context].sort()];
    if (value instanceof NixPath) return ["p", value.path];
    if (Array.isArray(value)) return ["l", ...value.map((e) => walk(e, depth + 1))];
    if (value instanceof NixAttrs) {
      // No prototype: a name such as `__proto__` is a name like any other.
      const o = Object.create(null) as Record<string, Plain>;
      for (const k of value.keys()) o[k] = walk(value.lazy(k) as Lazy, depth + 1);
      return o;
    }
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
  if (Array.isArray(p)) {
    const t = p as PlainTagged;
    switch (t[0]) {
      case "i":
        return BigInt(t[1]);
      case "f":
        return t[1];
      case "s":
        return t[2].length === 0 ? t[1] : new NixString(t[1], new Set(t[2]));
      case "p":
        return new NixPath(t[1]);
      default:
        return t.slice(1).map((e) => fromPlain(e as Plain));
    }
  }
  const attrs = p as PlainAttrs;
  const names = Object.keys(attrs);
  return NixAttrs.fromArrays(names, names.map((k) => fromPlain(attrs[k] as Plain)));
}
