/**
 * The JSON reader of `builtins.fromJSON`, worded as nlohmann::json's
 * errors: it keeps the int/float distinction and int64 precision, refuses
 * what a Nix value cannot hold (an unsigned 64-bit number, a NUL in a key
 * or string) and lets a repeated key keep its last value.
 */
import { EvalError } from "../errors.ts";
import { refuseNulBytes } from "../nul-bytes.ts";
import { NixAttrs, type Lazy, type Value } from "../value.ts";

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
