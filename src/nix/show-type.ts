/**
 * How Nix names value types and shows values inside error messages
 * ("expected a set but found a string: \"x\"").
 */
import { NixAttrs, NixFunction, NixPath, NixString, Thunk, type Lazy, type Value } from "./value.ts";

/** "an integer", "a Boolean", "a string", "a path", "null", "a set", "a list", "a function", "a float". */
export function showType(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "a Boolean";
    case "bigint":
      return "an integer";
    case "number":
      return "a float";
    case "string":
      return "a string";
  }
  if (v instanceof NixString) return "a string";
  if (v instanceof NixPath) return "a path";
  if (Array.isArray(v)) return "a list";
  if (v instanceof NixAttrs) return "a set";
  if (v instanceof NixFunction && v.name?.startsWith("builtins.")) return `the built-in function '${v.name.slice(9)}'`;
  return "a function";
}

const MAX_STRING = 1024;

/** A short rendering of a value for error messages (sets and lists abbreviated, long strings cut, nothing forced). */
export function showValueShort(v: Lazy, depth = 0): string {
  if (v instanceof Thunk) return v.isForced ? showValueShort(v.force(), depth) : "«thunk»";
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return String(v);
  if (typeof v === "string" || v instanceof NixString) {
    // As Nix's error printer: at most MAX_STRING characters, then how many more there were.
    const text = v.toString();
    const shown = JSON.stringify(text.slice(0, MAX_STRING)).replaceAll("${", "\\${");
    return text.length > MAX_STRING ? `${shown} «${text.length - MAX_STRING} bytes elided»` : shown;
  }
  if (v instanceof NixPath) return v.path;
  if (v instanceof NixFunction) return "«lambda»";
  if (Array.isArray(v)) {
    if (depth > 0) return "[ … ]";
    return v.length === 0 ? "[ ]" : `[ ${v.slice(0, 3).map((e) => showValueShort(e, depth + 1)).join(" ")}${v.length > 3 ? " …" : ""} ]`;
  }
  if (depth > 0) return "{ … }";
  const keys = v.keys();
  if (keys.length === 0) return "{ }";
  return `{ ${keys.slice(0, 3).map((k) => `${k} = ${showValueShort(v.lazy(k) as Lazy, depth + 1)};`).join(" ")}${keys.length > 3 ? " …" : ""} }`;
}
