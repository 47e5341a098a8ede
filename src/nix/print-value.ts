/**
 * Printing values as Nix prints them, in either of its two styles:
 * `result`, what `nix-instantiate --eval` prints (`{ a = 1; b = "x"; }`,
 * `[ 1 2 ]`, `<LAMBDA>`, `<PRIMOP>`, `<PRIMOP-APP>` for a builtin given
 * some of its arguments, `<CODE>` for an unevaluated value when not
 * strict; «potential infinite recursion» for one being computed), and
 * `trace`, what `builtins.trace` prints (`«lambda f @
 * file:line:column»`, `«primop map»`, `«partially applied primop map»`,
 * `«thunk»`). Both print `«repeated»` for a set or list met again on the
 * way down: a set by its attributes, a list by where it is held (the
 * variable or item it is the value of), as Nix tells its values apart; a
 * result prints an empty one again, a trace does not print an empty set
 * twice (Nix's empty sets are one). Derivations print as `«derivation …»`
 * in results. Strings are escaped as Nix does (`"`, `\`, `${`, newline,
 * CR, tab); floats use C++ stream formatting (six significant digits).
 * Attribute names that are not plain identifiers are quoted.
 *
 * `toJSONValue` gives what `--json` prints (as JSON text, via `printJSON`,
 * which refuses a string that is not UTF-8 as toJSON does).
 */
import { showSpan } from "../diagnostics/location.ts";
import { decodeBytes, encodeBytes, holdsInvalidBytes } from "./byte-string.ts";
import { notUtf8Message } from "./builtins/json.ts";
import { coerceToString, type CopyToStore } from "./coerce.ts";
import { EvalError } from "./errors.ts";
import { force, isDerivation, NixAttrs, NixFunction, NixPath, NixString, isStackOverflow, StackOverflowError, Thunk, type Lazy } from "./value.ts";

export interface PrintOptions {
  /** Force everything (as `--strict`); otherwise unevaluated values print as <CODE> («thunk» in a trace). */
  readonly strict?: boolean;
  /** Print derivations as «derivation /nix/store/….drv»; default true in a result, never in a trace. */
  readonly derivationPaths?: boolean;
  /** `result` (the default): as nix-instantiate --eval prints its result; `trace`: as builtins.trace prints a value. */
  readonly style?: "result" | "trace";
}

const KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit"]);

/** A string literal as Nix prints it. */
export function printString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' || c === "\\") out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c === "$" && s[i + 1] === "{") out += "\\$";
    else out += c;
  }
  return out + '"';
}

/** An attribute name: bare when it is an identifier (not a keyword), quoted otherwise. */
export function printAttrName(name: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(name) && !KEYWORDS.has(name) ? name : printString(name);
}

/** C++ `ostream << double` with default precision (like printf's %g with 6 digits). */
export function printFloat(x: number): string {
  if (Number.isNaN(x)) return x < 0 ? "-nan" : "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split("e") as [string, string];
    const mant = m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - exp));
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

/** A builtin given some of its arguments keeps them as its environment; the builtin itself has none. */
function printFunction(f: NixFunction, trace: boolean): string {
  const name = f.name;
  if (name?.startsWith("builtins.")) {
    const applied = f.env !== undefined;
    if (!trace) return applied ? "<PRIMOP-APP>" : "<PRIMOP>";
    return `«${applied ? "partially applied " : ""}primop ${name.slice(9)}»`;
  }
  if (!trace) return "<LAMBDA>";
  const span = f.info.span;
  return `«lambda${name === undefined ? "" : ` ${name}`}${span === undefined ? "" : ` @ ${showSpan(span)}`}»`;
}

/** Nix's empty sets share one set of attributes, so a trace prints the second «repeated». */
const EMPTY_SET = {};

/** Prints a value; with `strict`, forces it completely first (as it goes). */
export function printValue(v: Lazy, opts: PrintOptions = {}): string {
  const strict = opts.strict ?? false;
  const trace = opts.style === "trace";
  const drvPaths = !trace && (opts.derivationPaths ?? true);
  const seen = new Set<object>();
  const out: string[] = [];
  const go = (held: Lazy): void => {
    let x = held;
    if (x instanceof Thunk) {
      if (!strict && !x.isForced) {
        out.push(x.isBlackhole ? "«potential infinite recursion»" : trace ? "«thunk»" : "<CODE>");
        return;
      }
      x = x.force();
    }
    if (x === null) out.push("null");
    else if (typeof x === "boolean") out.push(x ? "true" : "false");
    else if (typeof x === "bigint") out.push(x.toString());
    else if (typeof x === "number") out.push(printFloat(x));
    else if (typeof x === "string") out.push(printString(x));
    else if (x instanceof NixString) out.push(printString(x.s));
    else if (x instanceof NixPath) out.push(x.path);
    else if (x instanceof NixFunction) out.push(printFunction(x, trace));
    else if (Array.isArray(x)) {
      if (x.length === 0) return void out.push("[ ]");
      // Nix tells lists apart by the value holding them: the thunk, or the list when it is held as it is.
      if (seen.has(held as object)) return void out.push("«repeated»");
      seen.add(held as object);
      out.push("[ ");
      for (const e of x) {
        go(e);
        out.push(" ");
      }
      out.push("]");
    } else {
      const key = trace && x.size === 0 ? EMPTY_SET : x;
      if ((trace || x.size > 0) && seen.has(key)) return void out.push("«repeated»");
      seen.add(key);
      if (drvPaths && isDerivation(x)) {
        const p = x.get("drvPath");
        out.push(`«derivation ${p === undefined ? "???" : String(p)}»`);
        return;
      }
      const keys = x.keys();
      if (keys.length === 0) return void out.push("{ }");
      out.push("{ ");
      for (const k of keys) {
        out.push(printAttrName(k), " = ");
        try {
          go(x.lazy(k) as Lazy);
        } catch (e) {
          if (e instanceof EvalError && e.context.length < 24) e.context.push(`while evaluating the attribute '${k}'`);
          throw e;
        }
        out.push("; ");
      }
      out.push("}");
    }
  };
  try {
    go(v);
  } catch (e) {
    if (isStackOverflow(e)) throw new StackOverflowError();
    throw e;
  }
  return out.join("");
}

export type JSONValue = null | boolean | number | bigint | string | JSONValue[] | { [k: string]: JSONValue };

/**
 * The value `--json` prints: ints stay bigints (printJSON writes them
 * exactly), paths are copied to the store, sets with `__toString` or
 * `outPath` become strings, functions are an error.
 */
export function toJSONValue(v: Lazy, copyToStore: CopyToStore): JSONValue {
  const x = force(v);
  if (x === null || typeof x === "boolean" || typeof x === "bigint" || typeof x === "number" || typeof x === "string") return x;
  if (x instanceof NixString) return x.s;
  if (x instanceof NixPath) return copyToStore(x.path);
  if (Array.isArray(x)) return x.map((e) => toJSONValue(e, copyToStore));
  if (x instanceof NixAttrs) {
    if (x.has("__toString")) return coerceToString(x, { coerceMore: false, copyToStore: true }, copyToStore).text;
    const out = x.lazy("outPath");
    if (out !== undefined) return toJSONValue(out, copyToStore);
    const obj: { [k: string]: JSONValue } = {};
    for (const k of x.keys()) obj[k] = toJSONValue(x.lazy(k) as Lazy, copyToStore);
    return obj;
  }
  throw new EvalError("cannot convert a function to JSON");
}

/** A string in JSON text; one whose bytes are not UTF-8 is refused as Nix refuses it. */
function jsonText(s: string): string {
  if (!holdsInvalidBytes(s)) return JSON.stringify(s);
  const refused = notUtf8Message(s);
  if (refused !== undefined) throw new EvalError(refused);
  return JSON.stringify(decodeBytes(encodeBytes(s)));
}

/** JSON text as Nix writes it (compact; ints exact; floats shortest round-trip). */
export function printJSON(j: JSONValue): string {
  if (typeof j === "string") return jsonText(j);
  if (j === null || typeof j === "boolean") return JSON.stringify(j);
  if (typeof j === "bigint") return j.toString();
  if (typeof j === "number") return Number.isFinite(j) ? JSON.stringify(j) : "null";
  if (Array.isArray(j)) return `[${j.map(printJSON).join(",")}]`;
  return `{${Object.keys(j).map((k) => `${jsonText(k)}:${printJSON(j[k] as JSONValue)}`).join(",")}}`;
}
