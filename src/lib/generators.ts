/**
 * `lib.generators`: configuration file formats from Nix values. Key-value
 * lines (`toKeyValue`, with `mkKeyValueDefault`/`mkValueStringDefault`),
 * INI (`toINI`, `toINIWithGlobalSection`), git's INI dialect (`toGitINI`,
 * byte for byte as nixpkgs), JSON/YAML and `toPretty`. Sections and keys
 * come out in Nix attribute order; the contexts of all strings are kept.
 */
import { force, isDerivation, isString, NixAttrs, NixPath, stringText, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, isCallable } from "./fn.ts";
import { expectAttrs, expectString, nixAbort, stringFrom, text } from "../nix/expect.ts";
import { EvalError } from "../nix/errors.ts";
import { nixToString } from "./coercion.ts";
import { toJSONValue } from "./json.ts";
import { replaceStrings } from "./strings.ts";
import { toPretty, type PrettyOptions } from "../module-system/pretty.ts";
import type { LibEnv } from "./lib-context.ts";

type KeyValue = (key: string, value: Lazy) => Value;

/** Concatenates string values, keeping their contexts. */
export function join(parts: readonly Value[], sep = ""): Value {
  return stringFrom(parts.map((p) => stringText(expectString(p))).join(sep), ...parts);
}

const escape = (chars: readonly string[], s: string) => String(replaceStrings(chars, chars.map((c) => `\\${c}`), s));

export function mkValueStringDefault(v: Lazy): Value {
  const x = force(v);
  const err = (what: string, shown: Lazy) =>
    nixAbort(`generators.mkValueStringDefault: ${what} not supported: ${toPretty(shown, "", 0, { depthLimit: Infinity })}`);
  if (typeof x === "bigint" || isDerivation(x) || typeof x === "number") return nixToString(x);
  if (isString(x)) return x;
  if (typeof x === "boolean") return x ? "true" : "false";
  if (x === null) return "null";
  if (Array.isArray(x)) return err("lists", x);
  if (isCallable(x)) return err("functions", x);
  if (x instanceof NixAttrs) return err("attrsets", x);
  return err("this value is", x instanceof NixPath ? x.path : nixToString(x));
}

export function mkKeyValueDefault(mkValueString: (v: Lazy) => Value, sep: string): KeyValue {
  return (k, v) => join([escape([sep], k), sep, mkValueString(v)]);
}

export function toKeyValue(mkKeyValue: KeyValue, listsAsDuplicateKeys: boolean, indent: string, set: NixAttrs): Value {
  const lines: Value[] = [];
  for (const k of set.keys()) {
    const v = set.lazy(k) as Lazy;
    const items = listsAsDuplicateKeys && Array.isArray(force(v)) ? (force(v) as Lazy[]) : [v];
    for (const item of items) lines.push(join([indent, mkKeyValue(k, item), "\n"]));
  }
  return join(lines);
}

export function toINI(mkSectionName: (name: string) => Value, mkKeyValue: KeyValue, listsAsDuplicateKeys: boolean, set: NixAttrs): Value {
  const sections = set.keys().map((name) =>
    join(["[", mkSectionName(name), "]\n", toKeyValue(mkKeyValue, listsAsDuplicateKeys, "", expectAttrs(set.lazy(name) as Lazy))]),
  );
  return join(sections, "\n");
}

/** git's section header: `[name]` when it has a quote or no dot, else `[section "rest"]` split at the first dot. */
function gitSectionName(name: string): string {
  const dot = name.indexOf(".");
  if (name.includes('"') || dot < 0) return name;
  return `${name.slice(0, dot)} "${name.slice(dot + 1)}"`;
}

function gitValueString(v: Lazy): Value {
  const x = force(v);
  if (!isString(x)) return mkValueStringDefault(x);
  return join(['"', replaceStrings(["\\", '"', "\n", "\t"], ["\\\\", '\\"', "\\n", "\\t"], x), '"']);
}

/** `{ a.b.c = 1; }` → `{ "a.b".c = 1; }`: the section is the path without its last name. */
function gitFlatten(set: NixAttrs): NixAttrs {
  const sections = new Map<string, Map<string, Lazy>>();
  const leaves = new Map<string, Lazy>();
  const recurse = (path: string[], value: Lazy) => {
    const v = force(value);
    if (v instanceof NixAttrs && !isDerivation(v)) {
      for (const k of v.keys()) recurse([...path, k], v.lazy(k) as Lazy);
    } else if (path.length > 1) {
      const section = path.slice(0, -1).join(".");
      const keys = sections.get(section) ?? new Map<string, Lazy>();
      sections.set(section, keys.set(path[path.length - 1] as string, value));
    } else {
      leaves.set(path[0] as string, value);
    }
  };
  recurse([], set);
  const map = new Map<string, Lazy>(leaves);
  for (const [name, keys] of sections) map.set(name, new NixAttrs(keys));
  return new NixAttrs(map);
}

export function toGitINI(set: NixAttrs): Value {
  const kv = mkKeyValueDefault(gitValueString, " = ");
  const mkKeyValue: KeyValue = (k, v) => {
    const x = force(v);
    return join((Array.isArray(x) ? x : [x]).map((item) => join(["\t", kv(k, item)])), "\n");
  };
  return toINI(gitSectionName, mkKeyValue, false, gitFlatten(set));
}

export function generatorsLib(env: LibEnv): Record<string, Value> {
  const option = (opts: Lazy, name: string) => expectAttrs(opts).lazy(name);
  const valueString = (opts: Lazy) => {
    const f = option(opts, "mkValueString");
    return f === undefined ? mkValueStringDefault : (v: Lazy) => call(f, v);
  };
  const keyValue = (opts: Lazy): KeyValue => {
    const f = option(opts, "mkKeyValue");
    return f === undefined ? mkKeyValueDefault(mkValueStringDefault, "=") : (k, v) => call(f, k, v);
  };
  const sectionName = (opts: Lazy) => {
    const f = option(opts, "mkSectionName");
    return f === undefined ? (name: string) => escape(["[", "]"], name) : (name: string) => call(f, name);
  };
  const dupKeys = (opts: Lazy) => force(option(opts, "listsAsDuplicateKeys") ?? false) === true;
  const prettyOptions = (opts: Lazy): PrettyOptions => ({
    depthLimit: Infinity,
    multiline: force(option(opts, "multiline") ?? true) === true,
    allowPrettyValues: force(option(opts, "allowPrettyValues") ?? false) === true,
  });
  return {
    mkValueStringDefault: fn("mkValueStringDefault", (_opts, v) => mkValueStringDefault(v)),
    mkKeyValueDefault: fn("mkKeyValueDefault", (opts, sep) => {
      const kv = mkKeyValueDefault(valueString(opts), text(sep));
      return fn("mkKeyValue", (k, v) => kv(text(k), v));
    }),
    toKeyValue: fn("toKeyValue", (opts, set) =>
      toKeyValue(keyValue(opts), dupKeys(opts), text(option(opts, "indent") ?? ""), expectAttrs(set)),
    ),
    toINI: fn("toINI", (opts, set) => toINI(sectionName(opts), keyValue(opts), dupKeys(opts), expectAttrs(set))),
    toINIWithGlobalSection: fn("toINIWithGlobalSection", (opts, arg) => {
      const a = expectAttrs(arg);
      const given = a.lazy("globalSection");
      if (given === undefined) throw new EvalError("function 'anonymous lambda' called without required argument 'globalSection'");
      const global = expectAttrs(given);
      const sections = expectAttrs(a.lazy("sections") ?? NixAttrs.empty);
      const head = global.size === 0 ? "" : join([toKeyValue(keyValue(opts), dupKeys(opts), "", global), "\n"]);
      return join([head, toINI(sectionName(opts), keyValue(opts), dupKeys(opts), sections)]);
    }),
    toGitINI: fn("toGitINI", (set) => toGitINI(expectAttrs(set))),
    toJSON: fn("toJSON", (_opts, v) => toJSONValue(v, env.ctx)),
    toYAML: fn("toYAML", (_opts, v) => toJSONValue(v, env.ctx)),
    toPretty: fn("toPretty", (opts, v) => toPretty(v, text(option(opts, "indent") ?? ""), 0, prettyOptions(opts))),
  };
}
