/**
 * `toJSON` and `fromJSON` with current Nix's output (nlohmann::json):
 * compact, keys sorted, floats in shortest round-trip form ("1.0", "0.1",
 * "1e+20"), control characters escaped as \u00XX. Paths are copied to the
 * store; sets with `__toString` or `outPath` become their string; the result
 * carries the contexts of every string in it. `fromJSON` keeps integers as
 * ints (int64; one in 2^63 … 2^64-1 is refused, as Nix refuses nlohmann's
 * unsigned numbers, and a larger one becomes a float, as nlohmann reads it)
 * and numbers with a fraction or exponent as floats; a repeated key keeps
 * the last value. A key or string with a NUL in it is refused, and so is
 * writing one whose bytes are not UTF-8, with nlohmann's message. (The
 * reader is json-reader.ts.)
 */
import type { Span } from "../../diagnostics/location.ts";
import { MAX_CALL_DEPTH } from "../max-call-depth.ts";
import { decodeBytes, encodeBytes, holdsInvalidBytes, invalidUtf8 } from "../byte-string.ts";
import { mkString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { showType, showValueShort } from "../show-type.ts";
import { force, NixAttrs, NixPath, NixString, StackOverflowError, type Lazy, type Value } from "../value.ts";
import { addFrame } from "../eval/fail.ts";
import { locate } from "../eval/locate.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { fromJSON } from "./json-reader.ts";
import { argFrame, callFunction, forceString, primop, withFrame } from "./primop.ts";

export { fromJSON };

/** A JSON string literal as nlohmann dumps it (UTF-8 kept, controls escaped). */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c >= 0x20) out += ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else out += "\\u" + c.toString(16).padStart(4, "0");
  }
  return out + '"';
}

/** A float as nlohmann prints it: shortest digits, decimal for exponents -4 < n <= 15, ".0" on integral values. */
export function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) return "null";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mant, e] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const k = digits.length;
  const n = Number(e) + 1; // position of the decimal point relative to the digits
  if (k <= n && n <= 15) return `${sign}${digits}${"0".repeat(n - k)}.0`;
  if (0 < n && n <= 15) return `${sign}${digits.slice(0, n)}.${digits.slice(n)}`;
  if (-4 < n && n <= 0) return `${sign}0.${"0".repeat(-n)}${digits}`;
  const exp = n - 1;
  const expText = `e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return `${sign}${k === 1 ? digits : `${digits[0]}.${digits.slice(1)}`}${expText}`;
}

/** The text of `v` as JSON; the contexts of its strings are added to `context`. */
export function toJSON(ctx: BuiltinContext, v: Lazy, context: Set<string>): string {
  const parts: string[] = [];
  writeJSON(ctx, v, context, parts, 0);
  const text = parts.join("");
  if (!holdsInvalidBytes(text)) return text;
  refuseNotUtf8(parts);
  // Bytes held apart that make characters together (strings joined with +) are those characters.
  return decodeBytes(encodeBytes(text));
}

/**
 * Nix writes the JSON once the value is made, and nlohmann refuses a
 * string that is not UTF-8 there: the first such string (or name) in the
 * text, with where in it its bytes stop being UTF-8.
 */
function refuseNotUtf8(parts: readonly string[]): void {
  for (const part of parts) {
    const message = part.startsWith('"') ? notUtf8Message(JSON.parse(part) as string) : undefined;
    if (message !== undefined) throw new EvalError(message);
  }
}

/** Nix's error for writing `s` as JSON when its bytes are not UTF-8 (undefined when they are). */
export function notUtf8Message(s: string): string | undefined {
  const bad = invalidUtf8(s);
  if (bad === undefined) return undefined;
  const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, "0");
  const what = "incomplete" in bad ? `incomplete UTF-8 string; last byte: 0x${hex(bad.incomplete)}` : `invalid UTF-8 byte at index ${bad.index}: 0x${hex(bad.byte)}`;
  return `JSON serialization error: [json.exception.type_error.316] ${what}`;
}

/**
 * Appends `v`'s JSON to `parts`: one builder for the whole value, so a deep
 * value costs its size, not its size times its depth. Nesting deeper than
 * Nix's max-call-depth stops as Nix stops it, with a stack overflow error.
 */
function writeJSON(ctx: BuiltinContext, v: Lazy, context: Set<string>, parts: string[], depth: number): void {
  if (depth > (ctx.maxCallDepth ?? MAX_CALL_DEPTH)) throw new StackOverflowError();
  const x = force(v);
  if (x === null) parts.push("null");
  else if (typeof x === "boolean") parts.push(x ? "true" : "false");
  else if (typeof x === "bigint") parts.push(x.toString());
  else if (typeof x === "number") parts.push(jsonFloat(x));
  else if (typeof x === "string") parts.push(jsonString(x));
  else if (x instanceof NixString) {
    for (const c of x.context) context.add(c);
    parts.push(jsonString(x.s));
  } else if (x instanceof NixPath) {
    const p = ctx.copyToStore(x.path);
    context.add(p);
    parts.push(jsonString(p));
  } else if (Array.isArray(x)) {
    parts.push("[");
    x.forEach((e, i) => {
      if (i > 0) parts.push(",");
      withFrame(`while evaluating list element at index ${i}`, () => writeJSON(ctx, e, context, parts, depth + 1));
    });
    parts.push("]");
  } else if (x instanceof NixAttrs) {
    if (x.has("__toString") || x.has("outPath")) {
      const peeled = peelToString(x, false, undefined, depth, ctx.maxCallDepth ?? MAX_CALL_DEPTH);
      if (peeled !== x) return writeJSON(ctx, peeled, context, parts, depth + 1);
    }
    parts.push("{");
    x.keys().forEach((k, i) => {
      parts.push(i > 0 ? "," : "", jsonString(k), ":");
      try {
        writeJSON(ctx, x.lazy(k) as Lazy, context, parts, depth + 1);
      } catch (e) {
        // As Nix: the frame names the attribute, and an error placed nowhere closer is placed at it.
        const at = x.posOf(k);
        addFrame(e, `while evaluating attribute '${k}'`);
        throw at === undefined ? e : locate(e, at);
      }
    });
    parts.push("}");
  } else throw new EvalError(`cannot convert ${showType(x)} to JSON`);
}

/**
 * What a set with `__toString` or `outPath` stands for in JSON (Nix's
 * peelToStringOutPath): the result of `__toString`, which must be a string
 * or a path ("should return a string" at the `__toString` attribute), or a
 * set peeled again (one with neither is refused: "must return a string");
 * else the `outPath`, whatever it is. A set with neither is itself.
 */
function peelToString(v: Value, viaToString: boolean, at: Span | undefined, depth: number, limit: number): Value {
  if (depth > limit) throw new StackOverflowError();
  const placed = (e: EvalError): unknown => (at === undefined ? e : locate(e, at));
  if (!(v instanceof NixAttrs)) {
    if (viaToString && typeof v !== "string" && !(v instanceof NixString) && !(v instanceof NixPath)) {
      throw placed(new EvalError(`\`__toString\` should return a string, but got ${showType(v)}: ${showValueShort(v)}`));
    }
    return v;
  }
  const toString = v.lazy("__toString");
  if (toString !== undefined) {
    const pos = v.posOf("__toString");
    const result = withFrame("while calling the `__toString` attribute", () => force(callFunction(force(toString), v)));
    return peeled("while using the result of the `__toString` attribute", pos, () => peelToString(result, true, pos, depth + 1, limit));
  }
  const out = v.lazy("outPath");
  if (out !== undefined) {
    const pos = v.posOf("outPath");
    return peeled("while using the `outPath` attribute", pos, () => peelToString(force(out), viaToString, pos, depth + 1, limit));
  }
  if (viaToString) throw placed(new EvalError(`\`__toString\` must return a string, but got ${showType(v)}: ${showValueShort(v)}`));
  return v;
}

/** One step of peelToString, framed, its errors placed at the attribute followed when nothing closer placed them. */
function peeled(frame: string, at: Span | undefined, run: () => Value): Value {
  try {
    return run();
  } catch (e) {
    addFrame(e, frame);
    throw at === undefined ? e : locate(e, at);
  }
}

export function jsonBuiltins(ctx: BuiltinContext): Record<string, Value> {
  return {
    toJSON: primop("toJSON", 1, (v) => {
      const context = new Set<string>();
      const text = toJSON(ctx, v, context);
      return mkString(text, context);
    }),
    fromJSON: primop("fromJSON", 1, (s) => fromJSON(forceString(s, argFrame(0, "fromJSON")).text)),
  };
}
