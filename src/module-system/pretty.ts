/**
 * `lib.generators.toPretty`. By default as NixOS shows definition values
 * in error messages: multiline, under `withRecursion { depthLimit = 10; }`
 * (values nested deeper read as "<unevaluated>" and are not forced). The
 * Nix lib's `generators.toPretty` uses the same printer without the depth
 * limit, optionally on one line (`multiline = false`) or with
 * `allowPrettyValues` (a set `{ __pretty; val; }` prints as `__pretty val`).
 */
import { escapeNixIdentifier } from "./option-path.ts";
import { force, isDerivation, NixAttrs, NixFunction, NixPath, NixString, type Lazy, type Value } from "../nix/value.ts";

export interface PrettyOptions {
  /** Depth beyond which values are not forced (default 10, as in error messages). */
  readonly depthLimit?: number;
  /** Lists, sets and multi-line strings over several lines (default true). */
  readonly multiline?: boolean;
  readonly allowPrettyValues?: boolean;
}

const UNEVALUATED = '"<unevaluated>"';

export function toPretty(v: Lazy, indent = "", depth = 0, opts: PrettyOptions = {}): string {
  const limit = opts.depthLimit ?? 10;
  const multiline = opts.multiline ?? true;
  if (depth > limit) return UNEVALUATED;
  const value = force(v);
  const nested = Array.isArray(value) || value instanceof NixAttrs;
  if (!nested && depth >= limit) return UNEVALUATED;
  const intro = multiline ? "\n" + indent + "  " : " ";
  const outro = multiline ? "\n" + indent : " ";
  const inner = (x: Lazy) => toPretty(x, indent + "  ", depth + 1, opts);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[ ]";
    return "[" + intro + value.map(inner).join(intro) + outro + "]";
  }
  if (value instanceof NixAttrs) {
    if (value.has("__functor")) return prettyFunction(functorArgs(value));
    const pretty = value.get("__pretty");
    if (opts.allowPrettyValues === true && pretty instanceof NixFunction && value.has("val")) {
      return String(force(pretty.call(value.lazy("val") as Lazy)));
    }
    if (value.size === 0) return "{ }";
    if (isDerivation(value)) {
      const name = value.get("name");
      return `<derivation ${name === undefined ? "???" : String(name)}>`;
    }
    const fields = value.keys().map((k) => `${escapeNixIdentifier(k)} = ${inner(value.lazy(k) as Lazy)};`);
    return "{" + intro + fields.join(intro) + outro + "}";
  }
  return prettyLeaf(value, indent, multiline);
}

function prettyLeaf(value: Value, indent: string, multiline: boolean): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return JSON.stringify(value);
  if (typeof value === "string" || value instanceof NixString) return prettyString(value.toString(), indent, multiline);
  if (value instanceof NixPath) return value.path;
  if (value instanceof NixFunction) return prettyFunction(new Map(value.formals?.names ?? []));
  return "<function>";
}

/** The formals of a functor set: its `__functionArgs`, or those of the function `__functor` returns. */
function functorArgs(set: NixAttrs): Map<string, boolean> {
  const explicit = set.get("__functionArgs");
  if (explicit instanceof NixAttrs) return new Map(explicit.keys().map((k) => [k, explicit.get(k) === true]));
  const functor = set.get("__functor");
  const f = functor instanceof NixFunction ? force(functor.call(set)) : undefined;
  return f instanceof NixFunction ? new Map(f.formals?.names ?? []) : new Map();
}

function prettyFunction(names: ReadonlyMap<string, boolean>): string {
  if (names.size === 0) return "<function>";
  const args = [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, hasDefault]) => (hasDefault ? `${n}?` : n));
  return `<function, args: {${args.join(", ")}}>`;
}

function prettyString(s: string, indent: string, multiline: boolean): string {
  const lines = s.split("\n");
  if (multiline && lines.length > 1) {
    const escaped = lines.map((l) => l.replaceAll("''", "'''").replaceAll("${", "''${"));
    const intro = "\n" + indent + "  ";
    const last = escaped[escaped.length - 1] as string;
    return "''" + intro + escaped.slice(0, -1).join(intro) + (last === "" ? "\n" + indent : intro + last) + "''";
  }
  return '"' + lines.map((l) => l.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("${", "\\${")).join("\\n") + '"';
}
