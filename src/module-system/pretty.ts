/**
 * `lib.generators.toPretty` (multiline) with a depth limit, used to show
 * definition values in error messages exactly as NixOS shows them.
 */
import { showOptionPart } from "./option-path.ts";
import { force, isDerivation, NixAttrs, NixFunction, NixPath, NixString, type Lazy } from "../nix/value.ts";

const DEPTH_LIMIT = 10;

export function toPretty(v: Lazy, indent = "", depth = 0): string {
  const value = force(v);
  const intro = "\n" + indent + "  ";
  const outro = "\n" + indent;
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return JSON.stringify(value);
  if (typeof value === "string" || value instanceof NixString) return prettyString(value.toString(), indent);
  if (value instanceof NixPath) return value.path;
  if (depth >= DEPTH_LIMIT) return "<unevaluated>";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[ ]";
    return "[" + intro + value.map((e) => toPretty(e, indent + "  ", depth + 1)).join(intro) + outro + "]";
  }
  if (value instanceof NixFunction) {
    const f = value.formals;
    if (f === undefined || f.names.size === 0) return "<function>";
    const args = [...f.names].map(([n, hasDefault]) => (hasDefault ? `${n}?` : n));
    return `<function, args: {${args.join(", ")}}>`;
  }
  const attrs = value as NixAttrs;
  if (attrs.size === 0) return "{ }";
  if (isDerivation(attrs)) {
    const name = attrs.get("name");
    return `<derivation ${name === undefined ? "???" : String(name)}>`;
  }
  const fields = attrs
    .keys()
    .map((k) => `${showOptionPart(k)} = ${toPretty(attrs.lazy(k) as Lazy, indent + "  ", depth + 1)};`);
  return "{" + intro + fields.join(intro) + outro + "}";
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
