/**
 * nixpkgs `unifyModuleSyntax`: a loaded module (an attribute set) in
 * canonical form. A set with `config` or `options` is in full form and may
 * not have other attributes; otherwise it is shorthand and everything but
 * the module's own attributes is config. `meta` becomes a definition of the
 * `meta` option, as in nixpkgs.
 */
import { coerceToString } from "../nix/coerce.ts";
import { force, isString, NixAttrs, NixPath, stringText, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { mkMerge } from "./properties.ts";
import { Layout } from "../nix/attrs-layout.ts";
import type { Span } from "../diagnostics/location.ts";

export interface CollectedModule {
  readonly key: string;
  readonly file: string;
  readonly options: Lazy;
  readonly config: Lazy;
  readonly freeformType: Lazy | undefined;
}

export interface UnifiedModule {
  readonly module: CollectedModule;
  readonly imports: readonly Lazy[];
  readonly disabled: readonly Value[];
  readonly class: string | undefined;
}

const SHORTHAND_RESERVED = new Set(["_class", "_file", "key", "disabledModules", "require", "imports", "freeformType"]);
const FULL_ALLOWED = new Set(["_class", "_file", "key", "disabledModules", "imports", "options", "config", "meta", "freeformType"]);
const NO_LAZIES: readonly Lazy[] = [];

/** The module's own attributes, found in one pass over its names (each read once, forced later in nixpkgs' order). */
interface Attributes {
  file?: Lazy;
  key?: Lazy;
  class?: Lazy;
  freeformType?: Lazy;
  disabledModules?: Lazy;
  require?: Lazy;
  imports?: Lazy;
  config?: Lazy;
  options?: Lazy;
  /** Whether it has a name SHORTHAND_RESERVED names (a shorthand module's config then leaves them out). */
  reserved: boolean;
}

function attributesOf(v: NixAttrs): Attributes {
  const names = v.keys();
  const values = v.valuesInOrder();
  const a: Attributes = { reserved: false };
  for (let i = 0; i < names.length; i++) {
    const x = values[i] as Lazy;
    switch (names[i]) {
      case "_file": a.file = x; break;
      case "key": a.key = x; break;
      case "_class": a.class = x; break;
      case "freeformType": a.freeformType = x; break;
      case "disabledModules": a.disabledModules = x; break;
      case "require": a.require = x; break;
      case "imports": a.imports = x; break;
      case "config": a.config = x; continue;
      case "options": a.options = x; continue;
      default: continue;
    }
    a.reserved = true;
  }
  return a;
}

export function unifyModuleSyntax(v: NixAttrs, fallbackFile: string, fallbackKey: string): UnifiedModule {
  const a = attributesOf(v);
  const file = a.file === undefined ? fallbackFile : toStringOf(a.file);
  const key = a.key === undefined ? fallbackKey : toStringOf(a.key);
  const cls = a.class === undefined ? undefined : force(a.class);
  const freeformType = a.freeformType;
  const disabledList = listOf(a.disabledModules, "disabledModules", file);
  const disabled = disabledList.length === 0 ? (disabledList as Value[]) : disabledList.map((d) => force(d));
  const className = cls === undefined || cls === null ? undefined : stringOf(cls);
  if (a.config !== undefined || a.options !== undefined) {
    const bad = v.keys().filter((k) => !FULL_ALLOWED.has(k));
    if (bad.length > 0) {
      throw new UserError(
        `Module \`${key}' has an unsupported attribute \`${bad[0]}'. This is caused by introducing a top-level \`config' or \`options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${bad.join(" ")}) into the explicit \`config' attribute.`,
      );
    }
    const config = withMeta(v, a.config ?? NixAttrs.empty);
    const options = a.options ?? NixAttrs.empty;
    return { disabled, class: className, module: { key, file, options, config, freeformType }, imports: listOf(a.imports, "imports", file) };
  }
  const required = listOf(a.require, "require", file);
  const imported = listOf(a.imports, "imports", file);
  const imports = required.length === 0 ? imported : [...required, ...imported];
  const config = a.reserved ? shorthandConfig(v) : v;
  return { disabled, class: className, module: { key, file, options: NixAttrs.empty, config, freeformType }, imports };
}

/** The layout of the `{ _file; config; }` modules configModule makes. */
const CONFIG_MODULE = new Layout(["_file", "config"], undefined);

/**
 * `{ _file = file; config = config; }`, a module made for one evaluation (a submodule
 * instance's name, each of its definitions): unified directly (configModuleSyntax), as
 * unifyModuleSyntax would, and never looked up or kept by the set.
 */
export function configModule(file: string, config: Lazy): NixAttrs {
  return NixAttrs.fromLayout(CONFIG_MODULE, [file, config]);
}

/** The unified form of a set configModule made (undefined for any other set). */
export function configModuleSyntax(v: NixAttrs, fallbackKey: string): UnifiedModule | undefined {
  if (v.layout !== CONFIG_MODULE) return undefined;
  const values = v.valuesInOrder();
  const module: CollectedModule = { key: fallbackKey, file: values[0] as string, options: NixAttrs.empty, config: values[1] as Lazy, freeformType: undefined };
  return { disabled: NO_LAZIES as Value[], class: undefined, module, imports: NO_LAZIES };
}

/** A shorthand module's config: its attributes but the module's own (the set itself when it has none; the empty set when it has only those). */
function shorthandConfig(v: NixAttrs): NixAttrs {
  const all = v.keys();
  const names: string[] = [];
  const values: Lazy[] = [];
  const spans: (Span | undefined)[] = [];
  for (const k of all) {
    if (SHORTHAND_RESERVED.has(k)) continue;
    names.push(k);
    values.push(v.lazy(k) as Lazy);
    spans.push(v.posOf(k));
  }
  if (names.length === 0) return NixAttrs.empty;
  return NixAttrs.fromArrays(names, values, spans.some((x) => x !== undefined) ? spans : undefined);
}

/** A full-form module's `meta` is a definition of the `meta` option. */
function withMeta(v: NixAttrs, config: Lazy): Lazy {
  const meta = v.lazy("meta");
  if (meta === undefined) return config;
  return mkMerge([config, new NixAttrs(new Map([["meta", meta]]), v.pos)]);
}

/** Nix's `toString` of a module's `_file` or `key` (nixpkgs: `key = toString m.key`, so `key = 123` is "123"). */
export function toStringOf(v: Lazy): string {
  return coerceToString(v, { coerceMore: true, copyToStore: false }, (p) => p).text;
}

export function stringOf(v: Value): string {
  if (isString(v)) return stringText(v);
  if (v instanceof NixPath) return v.path;
  throw new UserError(`Expected a string for a module's \`_file', \`key' or \`_class', but found a ${typeOf(v)}`);
}

function listOf(lazy: Lazy | undefined, what: string, file: string): readonly Lazy[] {
  if (lazy === undefined) return NO_LAZIES;
  const v = force(lazy);
  if (v === null) return NO_LAZIES;
  if (!Array.isArray(v)) throw new UserError(`The \`${what}' of module \`${file}' must be a list, but it is a ${typeOf(v)}`);
  return v;
}
