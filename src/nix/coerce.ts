/**
 * String coercion with Nix's rules. Interpolation and `+` on strings
 * (coerceMore = false) accept strings, paths (copied to the store), and
 * sets with `__toString` or `outPath`; `toString` (coerceMore = true) also
 * turns ints, floats, booleans, null and lists into text, and leaves paths
 * as they are. Contexts of the parts are kept.
 */
import { EvalError } from "./errors.ts";
import { showType, showValueShort } from "./show-type.ts";
import { force, NixAttrs, NixFunction, NixPath, NixString, type Lazy, type Value } from "./value.ts";

export interface CoerceOptions {
  /** `toString` semantics: numbers, booleans, null and lists coerce too; paths are not copied. */
  readonly coerceMore: boolean;
  /** Copy paths to the store (interpolation) instead of using their text. */
  readonly copyToStore: boolean;
}

/** Copies a path into the store, returning its store path (injected by whoever evaluates). */
export type CopyToStore = (path: string) => string;

export interface Coerced {
  readonly text: string;
  readonly context: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** Nix's float formatting for toString: six decimals ("1.500000"). */
export function floatToString(f: number): string {
  return f.toFixed(6);
}

export function coerceToString(v: Lazy, opts: CoerceOptions, copy: CopyToStore): Coerced {
  const x = force(v);
  if (typeof x === "string") return { text: x, context: NONE };
  if (x instanceof NixString) return { text: x.s, context: x.context };
  if (x instanceof NixPath) {
    if (opts.copyToStore && !opts.coerceMore) {
      const p = copy(x.path);
      return { text: p, context: new Set([p]) };
    }
    return { text: x.path, context: NONE };
  }
  if (x instanceof NixAttrs) {
    const ts = x.get("__toString");
    if (ts !== undefined) {
      if (!(ts instanceof NixFunction)) throw new EvalError(`expected a function but found ${showType(ts)}`);
      return coerceToString(ts.call(x), opts, copy);
    }
    const out = x.lazy("outPath");
    if (out !== undefined) return coerceToString(out, opts, copy);
  }
  if (opts.coerceMore) {
    if (x === null || x === false) return { text: "", context: NONE };
    if (x === true) return { text: "1", context: NONE };
    if (typeof x === "bigint") return { text: x.toString(), context: NONE };
    if (typeof x === "number") return { text: floatToString(x), context: NONE };
    if (Array.isArray(x)) {
      const parts = x.map((e) => coerceToString(e, opts, copy));
      const context = new Set<string>();
      for (const p of parts) for (const c of p.context) context.add(c);
      // Nix joins list items with a space, dropping the space after an empty list item.
      let text = "";
      x.forEach((e, i) => {
        text += parts[i]?.text ?? "";
        const ev = force(e);
        if (i < x.length - 1 && !(Array.isArray(ev) && ev.length === 0)) text += " ";
      });
      return { text, context };
    }
  }
  throw new EvalError(`cannot coerce ${showType(x)} to a string: ${showValueShort(x)}`);
}

/** A string value from text and context (a plain string when the context is empty). */
export function mkString(text: string, context: ReadonlySet<string>): Value {
  return context.size === 0 ? text : new NixString(text, context);
}
