/**
 * `builtins.fromTOML`: TOML 1.0 to a Nix value. Tables become sets, arrays
 * lists, integers (decimal, 0x, 0o, 0b, with underscores) ints, floats
 * (including inf and nan) floats. Dates and times are refused, as Nix does
 * without the parse-toml-timestamps feature (with it, they are
 * ./toml-timestamp.ts's sets), and so are keys and strings with a NUL in
 * them. Errors read "while parsing TOML: …"; syntax errors
 * end with the line of the problem.
 */
import { EvalError } from "../errors.ts";
import { nulBytesMessage } from "../nul-bytes.ts";
import { NixAttrs, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { argFrame, forceString, primop } from "./primop.ts";
import { isTimestamp, readTimestamp, type TomlTimestamp } from "./toml-timestamp.ts";

/** A table under construction; `defined` marks tables given by a header or inline (not re-openable). */
interface Table {
  map: Map<string, TomlValue>;
  defined: boolean;
  inline: boolean;
}
type TomlValue = string | bigint | number | boolean | Table | TomlTimestamp | TomlValue[];

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && "map" in v && "defined" in v;
const newTable = (defined = false, inline = false): Table => ({ map: new Map(), defined, inline });

class TomlParser {
  #i = 0;
  readonly #s: string;
  readonly root = newTable(true);
  readonly #timestamps: boolean;
  constructor(s: string, timestamps: boolean) {
    this.#s = s.replace(/\r\n/g, "\n");
    this.#timestamps = timestamps;
  }

  fail(msg: string): never {
    const line = this.#s.slice(0, this.#i).split("\n").length;
    throw tomlError(`${msg} (line ${line})`);
  }

  #peek(n = 0): string {
    return this.#s[this.#i + n] ?? "";
  }

  #ws(newlines: boolean): void {
    for (;;) {
      const c = this.#peek();
      if (c === " " || c === "\t" || (newlines && c === "\n")) this.#i++;
      else if (c === "#") while (this.#i < this.#s.length && this.#peek() !== "\n") this.#i++;
      else return;
    }
  }

  #eat(re: RegExp): string | undefined {
    re.lastIndex = this.#i;
    const m = re.exec(this.#s);
    if (m === null) return undefined;
    this.#i += m[0].length;
    return m[0];
  }

  parse(): Value {
    let current = this.root;
    for (;;) {
      this.#ws(true);
      if (this.#i >= this.#s.length) break;
      if (this.#peek() === "[") {
        const array = this.#peek(1) === "[";
        this.#i += array ? 2 : 1;
        const path = this.#key();
        if (this.#eat(array ? /\]\]/y : /\]/y) === undefined) this.fail("expected ']' after a table name");
        current = array ? this.#arrayTable(path) : this.#table(path);
      } else {
        this.#keyValue(current);
      }
      this.#ws(false);
      if (this.#i < this.#s.length && this.#peek() !== "\n") this.fail("expected a newline after a key-value pair");
    }
    return toNix(this.root);
  }

  #key(): string[] {
    const parts: string[] = [];
    do {
      this.#ws(false);
      const c = this.#peek();
      if (c === '"' || c === "'") parts.push(this.#string());
      else {
        const bare = this.#eat(/[A-Za-z0-9_-]+/y);
        if (bare === undefined) this.fail("expected a key");
        parts.push(bare);
      }
      this.#ws(false);
    } while (this.#eat(/\./y) !== undefined);
    return parts;
  }

  /** Walks (creating) the tables of `path`, for dotted keys and headers. */
  #descend(from: Table, path: readonly string[]): Table {
    let t = from;
    for (const k of path) {
      let next = t.map.get(k);
      if (next === undefined) t.map.set(k, (next = newTable()));
      if (Array.isArray(next)) next = next[next.length - 1];
      if (!isTable(next) || next.inline) this.fail(`key '${k}' is already defined as a value`);
      t = next;
    }
    return t;
  }

  #table(path: string[]): Table {
    const t = this.#descend(this.root, path);
    if (t.defined) this.fail(`table '${path.join(".")}' is defined twice`);
    t.defined = true;
    return t;
  }

  #arrayTable(path: string[]): Table {
    const parent = this.#descend(this.root, path.slice(0, -1));
    const last = path[path.length - 1] as string;
    const existing = parent.map.get(last) ?? [];
    if (!Array.isArray(existing)) this.fail(`key '${last}' is not an array of tables`);
    const t = newTable(true);
    existing.push(t);
    parent.map.set(last, existing);
    return t;
  }

  #keyValue(table: Table): void {
    const path = this.#key();
    if (this.#eat(/=/y) === undefined) this.fail("expected '=' after a key");
    this.#ws(false);
    const t = this.#descend(table, path.slice(0, -1));
    const last = path[path.length - 1] as string;
    if (t.map.has(last)) this.fail(`value '${last}' already exists`);
    t.map.set(last, this.#value());
  }

  #value(): TomlValue {
    const c = this.#peek();
    if (c === '"' || c === "'") return this.#string();
    if (c === "[") return this.#array();
    if (c === "{") return this.#inlineTable();
    if (this.#eat(/true(?![A-Za-z0-9_-])/y) !== undefined) return true;
    if (this.#eat(/false(?![A-Za-z0-9_-])/y) !== undefined) return false;
    const stamp = this.#timestamps ? readTimestamp(this.#s, this.#i) : undefined;
    if (stamp !== undefined) {
      this.#i = stamp.end;
      return stamp.value;
    }
    if (this.#eat(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/y) !== undefined) throw tomlError("Dates and times are not supported");
    const radix = this.#eat(/0x[0-9A-Fa-f](_?[0-9A-Fa-f])*|0o[0-7](_?[0-7])*|0b[01](_?[01])*/y);
    if (radix !== undefined) return BigInt.asIntN(64, BigInt(radix.replace(/_/g, "")));
    const special = this.#eat(/[+-]?(inf|nan)/y);
    if (special !== undefined) return special.endsWith("nan") ? NaN : special.startsWith("-") ? -Infinity : Infinity;
    const num = this.#eat(/[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?/y);
    if (num === undefined || num === "") this.fail("expected a value");
    const clean = num.replace(/_/g, "");
    if (/[.eE]/.test(clean)) return Number(clean);
    const n = BigInt(clean);
    if (n !== BigInt.asIntN(64, n)) throw tomlError(this.#excerpt("toml::parse_dec_integer: too large integer: current max digits = 2^63", "must be < 2^63"));
    return n;
  }

  /** toml11's report: the message, then the line with a caret at the cursor and a note. */
  #excerpt(message: string, note: string): string {
    const lineStart = this.#s.lastIndexOf("\n", this.#i - 1) + 1;
    const lineEnd = this.#s.indexOf("\n", this.#i);
    const text = this.#s.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    const lineNo = String(this.#s.slice(0, this.#i).split("\n").length);
    const gutter = " ".repeat(lineNo.length);
    const caret = `${" ".repeat(this.#i - lineStart)}^-- ${note}`;
    return `[error] ${message}\n --> fromTOML\n ${gutter} |\n ${lineNo} | ${text}\n ${gutter} | ${caret}\n`;
  }

  #string(): string {
    const multi = this.#eat(/"""\n?|'''\n?/y);
    if (multi !== undefined) {
      const quote = multi.slice(0, 3);
      const end = this.#s.indexOf(quote, this.#i);
      if (end === -1) this.fail("unterminated multi-line string");
      // Up to two quotes may end the content right before the closing delimiter.
      let close = end;
      while (this.#s[close + 3] === quote[0] && close < end + 2) close++;
      const raw = this.#s.slice(this.#i, close);
      this.#i = close + 3;
      return quote === "'''" ? raw : unescape(raw.replace(/\\[ \t]*\n[ \t\n]*/g, ""), this);
    }
    const quote = this.#peek();
    const m = this.#eat(quote === "'" ? /'[^'\n]*'/y : /"(?:[^"\\\n]|\\.)*"/y);
    if (m === undefined) this.fail("unterminated string");
    return quote === "'" ? m.slice(1, -1) : unescape(m.slice(1, -1), this);
  }

  #array(): TomlValue[] {
    this.#i++;
    const out: TomlValue[] = [];
    for (;;) {
      this.#ws(true);
      if (this.#eat(/\]/y) !== undefined) return out;
      out.push(this.#value());
      this.#ws(true);
      if (this.#eat(/,/y) === undefined) {
        this.#ws(true);
        if (this.#eat(/\]/y) === undefined) this.fail("expected ',' or ']' in an array");
        return out;
      }
    }
  }

  #inlineTable(): Table {
    this.#i++;
    const t = newTable(true);
    this.#ws(false);
    if (this.#eat(/\}/y) !== undefined) return { ...t, inline: true };
    for (;;) {
      this.#keyValue(t);
      this.#ws(false);
      if (this.#eat(/\}/y) !== undefined) return { ...t, inline: true };
      if (this.#eat(/,/y) === undefined) this.fail("expected ',' or '}' in an inline table");
      this.#ws(false);
    }
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

function unescape(s: string, p: TomlParser): string {
  return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, e: string) => {
    if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    const r = SIMPLE_ESCAPES[e];
    return r ?? p.fail(`invalid escape '\\${e}'`);
  });
}

function tomlError(msg: string): EvalError {
  return new EvalError(`while parsing TOML: ${msg}`);
}

/** Nix's conversion of the parsed document; a NUL in a key or string is refused (the inner error printed whole, as Nix does). */
function toNix(v: TomlValue): Value {
  if (isTable(v)) return new NixAttrs(new Map<string, Lazy>([...v.map].map(([k, x]) => [nulFree(k), toNix(x)])));
  if (Array.isArray(v)) return v.map(toNix);
  if (isTimestamp(v)) return new NixAttrs(new Map<string, Lazy>([["_type", "timestamp"], ["value", v.timestamp]]));
  return typeof v === "string" ? nulFree(v) : v;
}

function nulFree(s: string): string {
  if (s.includes("\0")) throw tomlError(`error: ${nulBytesMessage(s)}`);
  return s;
}

/** The document `text`; with `timestamps` (Nix's parse-toml-timestamps), dates and times are read, else refused. */
export function fromTOML(text: string, timestamps = false): Value {
  return new TomlParser(text, timestamps).parse();
}

export function tomlBuiltins(ctx: Pick<BuiltinContext, "experimentalFeatures">): Record<string, Value> {
  const timestamps = ctx.experimentalFeatures?.has("parse-toml-timestamps") ?? false;
  return { fromTOML: primop("fromTOML", 1, (s) => fromTOML(forceString(s, argFrame(0, "fromTOML")).text, timestamps)) };
}
