/**
 * `lib.generators.toPretty`. By default as NixOS shows definition values
 * in error messages: multiline, under `withRecursion { depthLimit = 10; }`
 * (values nested deeper read as "<unevaluated>" and are not forced). The
 * Nix lib's `generators.toPretty` uses the same printer without the depth
 * limit, optionally on one line (`multiline = false`) or with
 * `allowPrettyValues` (a set `{ __pretty; val; }` prints as `__pretty val`).
 * A set or list inside itself prints as `«repeated»` (as Nix's printer
 * does) instead of recursing forever, and `maxItems` bounds how many
 * values are printed at all (the rest is `…`), so a value such as
 * `builtins` in an error message costs little.
 */
import { escapeNixIdentifier } from "./option-path.ts";
import { force, isDerivation, NixAttrs, NixFunction, NixPath, NixString, type Lazy, type Value } from "../nix/value.ts";

export interface PrettyOptions {
  /** Depth beyond which values are not forced (default 10, as in error messages). */
  readonly depthLimit?: number;
  /** Lists, sets and multi-line strings over several lines (default true). */
  readonly multiline?: boolean;
  readonly allowPrettyValues?: boolean;
  /** How many values to print before the rest becomes `…` (default: all). */
  readonly maxItems?: number;
}

interface PrettyState {
  /** The sets and lists being printed (the path down to the current value). */
  readonly ancestors: Set<object>;
  left: number;
}

const UNEVALUATED = '"<unevaluated>"';

export function toPretty(v: Lazy, indent = "", depth = 0, opts: PrettyOptions = {}): string {
  return render(v, indent, depth, opts, { ancestors: new Set(), left: opts.maxItems ?? Infinity });
}

function render(v: Lazy, indent: string, depth: number, opts: PrettyOptions, st: PrettyState): string {
  const limit = opts.depthLimit ?? 10;
  const multiline = opts.multiline ?? true;
  if (depth > limit) return UNEVALUATED;
  if (st.left <= 0) return "…";
  st.left--;
  const value = force(v);
  const nested = Array.isArray(value) || value instanceof NixAttrs;
  if (!nested) return depth >= limit ? UNEVALUATED : prettyLeaf(value, indent, multiline);
  if (st.ancestors.has(value)) return "«repeated»";
  st.ancestors.add(value);
  try {
    return prettyNested(value, indent, depth, opts, st);
  } finally {
    st.ancestors.delete(value);
  }
}

function prettyNested(value: NixAttrs | Lazy[], indent: string, depth: number, opts: PrettyOptions, st: PrettyState): string {
  const multiline = opts.multiline ?? true;
  const intro = multiline ? "\n" + indent + "  " : " ";
  const outro = multiline ? "\n" + indent : " ";
  const inner = (x: Lazy) => render(x, indent + "  ", depth + 1, opts, st);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[ ]";
    return "[" + intro + bounded(value, st, inner).join(intro) + outro + "]";
  }
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
  const fields = bounded(value.keys(), st, (k) => `${escapeNixIdentifier(k)} = ${inner(value.lazy(k) as Lazy)};`);
  return "{" + intro + fields.join(intro) + outro + "}";
}

/** `show` of each item while the budget lasts, then one `…` for the rest. */
function bounded<T>(items: readonly T[], st: PrettyState, show: (x: T) => string): string[] {
  const out: string[] = [];
  for (const x of items) {
    if (st.left <= 0) return [...out, "…"];
    out.push(show(x));
  }
  return out;
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
