/**
 * nixpkgs `unifyModuleSyntax`: a loaded module (an attribute set) in
 * canonical form. A set with `config` or `options` is in full form and may
 * not have other attributes; otherwise it is shorthand and everything but
 * the module's own attributes is config. `meta` becomes a definition of the
 * `meta` option, as in nixpkgs.
 */
import { force, isString, NixAttrs, NixPath, stringText, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { mkMerge } from "./properties.ts";
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

export function unifyModuleSyntax(v: NixAttrs, fallbackFile: string, fallbackKey: string): UnifiedModule {
  const explicitFile = v.get("_file");
  const file = explicitFile === undefined ? fallbackFile : stringOf(explicitFile);
  const explicitKey = v.get("key");
  const key = explicitKey === undefined ? fallbackKey : stringOf(explicitKey);
  const cls = v.get("_class");
  const freeformType = v.lazy("freeformType");
  const disabled = listOf(v.get("disabledModules"), "disabledModules", file).map((d) => force(d));
  const common = { disabled, class: cls === undefined || cls === null ? undefined : stringOf(cls) };
  if (v.has("config") || v.has("options")) {
    const bad = v.keys().filter((k) => !FULL_ALLOWED.has(k));
    if (bad.length > 0) {
      throw new UserError(
        `Module \`${key}' has an unsupported attribute \`${bad[0]}'. This is caused by introducing a top-level \`config' or \`options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${bad.join(" ")}) into the explicit \`config' attribute.`,
      );
    }
    const config = withMeta(v, v.lazy("config") ?? NixAttrs.empty);
    const options = v.lazy("options") ?? NixAttrs.empty;
    return { ...common, module: { key, file, options, config, freeformType }, imports: listOf(v.get("imports"), "imports", file) };
  }
  const imports = [...listOf(v.get("require"), "require", file), ...listOf(v.get("imports"), "imports", file)];
  return { ...common, module: { key, file, options: NixAttrs.empty, config: shorthandConfig(v), freeformType }, imports };
}

/** A shorthand module's config: its attributes but the module's own (the set itself when it has none). */
function shorthandConfig(v: NixAttrs): NixAttrs {
  const all = v.keys();
  if (!all.some((k) => SHORTHAND_RESERVED.has(k))) return v;
  const names: string[] = [];
  const values: Lazy[] = [];
  const spans: (Span | undefined)[] = [];
  for (const k of all) {
    if (SHORTHAND_RESERVED.has(k)) continue;
    names.push(k);
    values.push(v.lazy(k) as Lazy);
    spans.push(v.posOf(k));
  }
  return NixAttrs.fromArrays(names, values, spans.some((x) => x !== undefined) ? spans : undefined);
}

/** A full-form module's `meta` is a definition of the `meta` option. */
function withMeta(v: NixAttrs, config: Lazy): Lazy {
  const meta = v.lazy("meta");
  if (meta === undefined) return config;
  return mkMerge([config, new NixAttrs(new Map([["meta", meta]]), v.pos)]);
}

export function stringOf(v: Value): string {
  if (isString(v)) return stringText(v);
  if (v instanceof NixPath) return v.path;
  throw new UserError(`Expected a string for a module's \`_file', \`key' or \`_class', but found a ${typeOf(v)}`);
}

function listOf(v: Value | undefined, what: string, file: string): Lazy[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UserError(`The \`${what}' of module \`${file}' must be a list, but it is a ${typeOf(v)}`);
  return v;
}
