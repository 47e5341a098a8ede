/**
 * `builtins.toJSON` and `builtins.fromJSON` over the value model. Sets
 * with `__toString` or `outPath` are written as strings (derivations as
 * their output path), paths are copied to the store, keys are sorted, and
 * the contexts of all strings are kept. Numbers without a fraction or
 * exponent read back as ints.
 */
import { EvalError } from "../errors.ts";
import { force, isString, NixAttrs, NixFunction, NixPath, NixString, stringText, type Lazy, type Value } from "../value.ts";
import type { CopyToStore } from "../coerce.ts";
import { interpolate } from "./coercion.ts";
import { contextOf } from "./expect.ts";

export function toJSON(v: Lazy, copy: CopyToStore, context: Set<string> = new Set()): string {
  const x = force(v);
  if (x === null) return "null";
  if (typeof x === "boolean") return x ? "true" : "false";
  if (typeof x === "bigint") return x.toString();
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw new EvalError(`cannot convert ${x} to JSON`);
    return JSON.stringify(x);
  }
  if (isString(x)) {
    for (const c of contextOf(x)) context.add(c);
    return JSON.stringify(stringText(x));
  }
  if (x instanceof NixPath) {
    const s = interpolate(x, copy);
    for (const c of contextOf(s)) context.add(c);
    return JSON.stringify(String(s));
  }
  if (Array.isArray(x)) return "[" + x.map((e) => toJSON(e, copy, context)).join(",") + "]";
  if (x instanceof NixAttrs) {
    if (x.has("__toString")) return toJSON(interpolate(x, copy), copy, context);
    const out = x.lazy("outPath");
    if (out !== undefined) return toJSON(out, copy, context);
    return "{" + x.keys().map((k) => `${JSON.stringify(k)}:${toJSON(x.lazy(k) as Lazy, copy, context)}`).join(",") + "}";
  }
  if (x instanceof NixFunction) throw new EvalError("cannot convert a function to JSON");
  throw new EvalError("cannot convert this value to JSON");
}

/** Parses JSON text into Nix values (ints as bigints). */
export function fromJSON(s: string): Value {
  const p = { s, i: 0 };
  const v = parseValue(p);
  skipSpace(p);
  if (p.i !== s.length) fail(p);
  return v;
}

interface Parser {
  readonly s: string;
  i: number;
}

function fail(p: Parser): never {
  throw new EvalError(`while decoding a JSON string: syntax error at position ${p.i}`);
}

function skipSpace(p: Parser): void {
  while (p.i < p.s.length && " \t\n\r".includes(p.s[p.i] as string)) p.i++;
}

function parseValue(p: Parser): Value {
  skipSpace(p);
  const c = p.s[p.i];
  if (c === "{") return parseObject(p);
  if (c === "[") {
    p.i++;
    const items: Lazy[] = [];
    skipSpace(p);
    if (p.s[p.i] === "]") {
      p.i++;
      return items;
    }
    for (;;) {
      items.push(parseValue(p));
      skipSpace(p);
      const d = p.s[p.i++];
      if (d === "]") return items;
      if (d !== ",") fail(p);
    }
  }
  if (c === '"') return parseString(p);
  for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
    if (p.s.startsWith(word, p.i)) {
      p.i += word.length;
      return value;
    }
  }
  const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(p.s.slice(p.i));
  if (m === null) fail(p);
  p.i += m[0].length;
  return m[2] === undefined && m[3] === undefined ? BigInt(m[0]) : Number(m[0]);
}

function parseObject(p: Parser): NixAttrs {
  p.i++;
  const map = new Map<string, Lazy>();
  skipSpace(p);
  if (p.s[p.i] === "}") {
    p.i++;
    return new NixAttrs(map);
  }
  for (;;) {
    skipSpace(p);
    if (p.s[p.i] !== '"') fail(p);
    const key = parseString(p);
    skipSpace(p);
    if (p.s[p.i++] !== ":") fail(p);
    map.set(key, parseValue(p));
    skipSpace(p);
    const d = p.s[p.i++];
    if (d === "}") return new NixAttrs(map);
    if (d !== ",") fail(p);
  }
}

function parseString(p: Parser): string {
  const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(p.s.slice(p.i));
  if (m === null) fail(p);
  p.i += m[0].length;
  return JSON.parse(m[0]) as string;
}

/** `builtins.toJSON` as a Nix string value carrying the contexts of every string inside. */
export function toJSONValue(v: Lazy, copy: CopyToStore): Value {
  const context = new Set<string>();
  const s = toJSON(v, copy, context);
  return context.size === 0 ? s : new NixString(s, context);
}
