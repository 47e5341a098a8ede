/**
 * `toJSON` and `fromJSON` with current Nix's output (nlohmann::json):
 * compact, keys sorted, floats in shortest round-trip form ("1.0", "0.1",
 * "1e+20"), control characters escaped as \u00XX. Paths are copied to the
 * store; sets with `__toString` or `outPath` become their string; the result
 * carries the contexts of every string in it. `fromJSON` keeps integers as
 * ints (int64; one in 2^63 … 2^64-1 is refused, as Nix refuses nlohmann's
 * unsigned numbers, and a larger one becomes a float, as nlohmann reads it)
 * and numbers with a fraction or exponent as floats; a repeated key keeps
 * the last value. A key or string with a NUL in it is refused.
 */
import { coerceToString, mkString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { refuseNulBytes } from "../nul-bytes.ts";
import { showType } from "../show-type.ts";
import { force, NixAttrs, NixPath, NixString, StackOverflowError, type Lazy, type Value } from "../value.ts";
import { MAX_CALL_DEPTH } from "../eval/compile-lambda.ts";
import { addFrame } from "../eval/fail.ts";
import { locate } from "../eval/locate.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { argFrame, forceString, primop, withFrame } from "./primop.ts";

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
  return parts.join("");
}

/**
 * Appends `v`'s JSON to `parts`: one builder for the whole value, so a deep
 * value costs its size, not its size times its depth. Nesting deeper than
 * Nix's max-call-depth stops as Nix stops it, with a stack overflow error.
 */
function writeJSON(ctx: BuiltinContext, v: Lazy, context: Set<string>, parts: string[], depth: number): void {
  if (depth > MAX_CALL_DEPTH) throw new StackOverflowError();
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
    if (x.has("__toString")) {
      const s = coerceToString(x, { coerceMore: false, copyToStore: false }, ctx.copyToStore);
      for (const c of s.context) context.add(c);
      parts.push(jsonString(s.text));
      return;
    }
    const out = x.lazy("outPath");
    if (out !== undefined) return writeJSON(ctx, out, context, parts, depth + 1);
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

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;
const UINT_MAX = 2n ** 64n - 1n;

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;

/** A small JSON reader that keeps the int/float distinction and int64 precision. */
class JsonReader {
  #i = 0;
  readonly #s: string;
  constructor(s: string) {
    this.#s = s;
  }

  read(): Value {
    const v = this.#value();
    this.#ws();
    if (this.#i < this.#s.length) this.#unexpected("end of input", "value");
    return v;
  }

  /** nlohmann's wording: "syntax error while parsing <where> - unexpected <token>; expected <what>". */
  #fail(what: string, where = "value"): never {
    const before = this.#s.slice(0, this.#i);
    const line = before.split("\n").length;
    const column = this.#i - before.lastIndexOf("\n");
    throw new EvalError(`[json.exception.parse_error.101] parse error at line ${line}, column ${column}: syntax error while parsing ${where} - ${what}`);
  }

  /** The token at the cursor as nlohmann names it. */
  #token(): string {
    const c = this.#s[this.#i];
    if (c === undefined) return "end of input";
    if (c === '"') return "string literal";
    if (/[-0-9]/.test(c)) return "number literal";
    if ("[]{}:,".includes(c)) return `'${c}'`;
    for (const lit of ["true", "false", "null"]) if (this.#s.startsWith(lit, this.#i)) return `${lit} literal`;
    return "<parse error>";
  }

  #unexpected(expected: string, where: string): never {
    this.#fail(`unexpected ${this.#token()}; expected ${expected}`, where);
  }

  #ws(): void {
    while (/[ \t\n\r]/.test(this.#s[this.#i] ?? "")) this.#i++;
  }

  #value(): Value {
    this.#ws();
    const c = this.#s[this.#i];
    if (c === undefined) this.#unexpected("'[', '{', or a literal", "value");
    if (c === "{") return this.#object();
    if (c === "[") return this.#array();
    if (c === '"') return this.#string();
    for (const [lit, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.#s.startsWith(lit, this.#i)) {
        this.#i += lit.length;
        return v;
      }
    }
    const m = this.#sticky(NUMBER);
    if (m === null) this.#fail("invalid literal");
    this.#i += m[0].length;
    if (m[2] !== undefined || m[3] !== undefined) return Number(m[0]);
    const n = BigInt(m[0]);
    if (n < INT_MIN || n > UINT_MAX) return Number(m[0]);
    // nlohmann reads 2^63 … 2^64-1 as an unsigned integer, which Nix refuses.
    if (n > INT_MAX) throw new EvalError(`unsigned json number ${m[0]} outside of Nix integer range`);
    return n;
  }

  #sticky(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.#i;
    return re.exec(this.#s);
  }

  #expect(ch: string, where: string): void {
    this.#ws();
    if (this.#s[this.#i] !== ch) this.#unexpected(`'${ch}'`, where);
    this.#i++;
  }

  #array(): Value {
    this.#i++;
    const out: Lazy[] = [];
    this.#ws();
    if (this.#s[this.#i] === "]") {
      this.#i++;
      return out;
    }
    for (;;) {
      out.push(this.#value());
      this.#ws();
      if (this.#s[this.#i] === "]") break;
      if (this.#s[this.#i] !== ",") this.#unexpected("']'", "array");
      this.#i++;
    }
    this.#i++;
    return out;
  }

  #object(): Value {
    this.#i++;
    const map = new Map<string, Lazy>();
    this.#ws();
    if (this.#s[this.#i] === "}") {
      this.#i++;
      return new NixAttrs(map);
    }
    for (;;) {
      this.#ws();
      if (this.#s[this.#i] !== '"') this.#unexpected("string literal", "object key");
      const key = this.#string();
      this.#expect(":", "object separator");
      map.set(key, this.#value());
      this.#ws();
      if (this.#s[this.#i] === "}") break;
      if (this.#s[this.#i] !== ",") this.#unexpected("'}'", "object");
      this.#i++;
    }
    this.#i++;
    return new NixAttrs(map);
  }

  #string(): string {
    const m = this.#sticky(STRING);
    if (m === null) this.#fail("invalid string");
    this.#i += m[0].length;
    return refuseNulBytes(JSON.parse(m[0]) as string);
  }
}

export function fromJSON(text: string): Value {
  return new JsonReader(text).read();
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
