/**
 * How `builtins.trace` shows a value that is not a string: Nix's value
 * printer without forcing anything (unevaluated parts are «thunk»),
 * attributes in sorted order, floats as C++'s ostream prints them
 * ("1e+20", "0.1"), a value met again inside itself as «repeated».
 */
import { NixAttrs, NixFunction, NixPath, NixString, Thunk, type Lazy } from "../value.ts";

/** A float as C++'s default ostream output (printf "%g": six significant digits). */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return x < 0 ? "-nan" : "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split("e") as [string, string];
    const mant = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - exp));
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** A Nix string literal for `s`. */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "$") out += "\\$";
    else out += ch;
  }
  return out + '"';
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

export function showValue(v: Lazy, seen: Set<object> = new Set()): string {
  if (v instanceof Thunk) return v.isForced ? showValue(v.force(), seen) : "«thunk»";
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return formatFloat(v);
  if (typeof v === "string") return quoteString(v);
  if (v instanceof NixString) return quoteString(v.s);
  if (v instanceof NixPath) return v.path;
  if (v instanceof NixFunction) return v.name?.startsWith("builtins.") ? `«primop ${v.name.slice(9)}»` : "«lambda»";
  if (seen.has(v)) return "«repeated»";
  seen.add(v);
  try {
    if (Array.isArray(v)) return v.length === 0 ? "[ ]" : `[ ${v.map((x) => showValue(x, seen)).join(" ")} ]`;
    const keys = v.keys();
    if (keys.length === 0) return "{ }";
    const body = keys.map((k) => `${NAME.test(k) ? k : quoteString(k)} = ${showValue(v.lazy(k) as Lazy, seen)};`);
    return `{ ${body.join(" ")} }`;
  } finally {
    seen.delete(v);
  }
}
