/**
 * `lib.generators.toPretty` (multiline) under `withRecursion { depthLimit =
 * 10; }`, used to show definition values in error messages exactly as NixOS
 * shows them. Values nested deeper than the limit read as "<unevaluated>"
 * and are not forced.
 */
import { escapeNixIdentifier } from "./option-path.ts";
import { force, isDerivation, NixAttrs, NixFunction, NixPath, NixString, type Lazy, type Value } from "../nix/value.ts";

const DEPTH_LIMIT = 10;
const UNEVALUATED = '"<unevaluated>"';

export function toPretty(v: Lazy, indent = "", depth = 0): string {
  if (depth > DEPTH_LIMIT) return UNEVALUATED;
  const value = force(v);
  const nested = Array.isArray(value) || value instanceof NixAttrs;
  if (!nested && depth >= DEPTH_LIMIT) return UNEVALUATED;
  const intro = "\n" + indent + "  ";
  const outro = "\n" + indent;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[ ]";
    return "[" + intro + value.map((e) => toPretty(e, indent + "  ", depth + 1)).join(intro) + outro + "]";
  }
  if (value instanceof NixAttrs) {
    if (value.size === 0) return "{ }";
    if (isDerivation(value)) {
      const name = value.get("name");
      return `<derivation ${name === undefined ? "???" : String(name)}>`;
    }
    const fields = value
      .keys()
      .map((k) => `${escapeNixIdentifier(k)} = ${toPretty(value.lazy(k) as Lazy, indent + "  ", depth + 1)};`);
    return "{" + intro + fields.join(intro) + outro + "}";
  }
  return prettyLeaf(value, indent);
}

function prettyLeaf(value: Value, indent: string): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return JSON.stringify(value);
  if (typeof value === "string" || value instanceof NixString) return prettyString(value.toString(), indent);
  if (value instanceof NixPath) return value.path;
  const f = (value as NixFunction).formals;
  if (f === undefined || f.names.size === 0) return "<function>";
  const args = [...f.names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, hasDefault]) => (hasDefault ? `${n}?` : n));
  return `<function, args: {${args.join(", ")}}>`;
}

function prettyString(s: string, indent: string): string {
  const lines = s.split("\n");
  if (lines.length > 1) {
    const escaped = lines.map((l) => l.replaceAll("''", "'''").replaceAll("${", "''${"));
    const intro = "\n" + indent + "  ";
    const last = escaped[escaped.length - 1] as string;
    return "''" + intro + escaped.slice(0, -1).join(intro) + (last === "" ? "\n" + indent : intro + last) + "''";
  }
  return '"' + s.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("${", "\\${") + '"';
}
