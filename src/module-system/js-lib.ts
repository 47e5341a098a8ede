/**
 * `lib` as TypeScript modules see it: the module-system functions taking
 * and returning JavaScript values. Results are Nix values (tagged sets, or
 * types wrapped as `_type = "option-type"` sets) that cross back through
 * fromJS unchanged.
 *
 * Laziness: `mkIf` also takes its condition as a function, and `lazy`
 * delays any value, so a module can read `config` without forcing it while
 * definitions are being grouped.
 */
import { NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { fromJS, functionFromJS, lazyFromJS, rawOf, toJS } from "../nix/js-value.ts";
import { mkAliasDefinitions } from "./alias.ts";
import * as rename from "./rename.ts";
import * as props from "./properties.ts";
import { literalExpression, literalMD, mkEnableOption, mkOption, mkPackageOption } from "./mk-option.ts";
import { typeFromValue, typeValue, type OptionType, type OptionTypeAttrs } from "./types/option-type.ts";
import { types as rawTypes } from "./types/index.ts";
import type { SubmoduleMemo } from "./instance-memo.ts";

const toType = (t: unknown): OptionType => typeFromValue(fromJS(t), "this value");

/** A condition given as a value, a function computing it, or a lazy module argument (left unforced). */
function lazyCondition(cond: unknown): Lazy {
  const raw = rawOf(cond);
  if (raw !== undefined) return raw;
  return typeof cond === "function" ? new Thunk(() => fromJS((cond as () => unknown)())) : fromJS(cond);
}

const makeTypes = () => ({
  anything: typeValue(rawTypes.anything),
  attrs: typeValue(rawTypes.attrs),
  bool: typeValue(rawTypes.bool),
  boolByOr: typeValue(rawTypes.boolByOr),
  commas: typeValue(rawTypes.commas),
  envVar: typeValue(rawTypes.envVar),
  float: typeValue(rawTypes.float),
  int: typeValue(rawTypes.int),
  lines: typeValue(rawTypes.lines),
  nonEmptyStr: typeValue(rawTypes.nonEmptyStr),
  number: typeValue(rawTypes.number),
  optionType: typeValue(rawTypes.optionType),
  package: typeValue(rawTypes.package),
  path: typeValue(rawTypes.path),
  port: typeValue(rawTypes.port),
  raw: typeValue(rawTypes.raw),
  singleLineStr: typeValue(rawTypes.singleLineStr),
  str: typeValue(rawTypes.str),
  unspecified: typeValue(rawTypes.unspecified),
  ints: {
    between: (lo: number, hi: number) => typeValue(rawTypes.ints.between(lo, hi)),
    unsigned: typeValue(rawTypes.ints.unsigned),
    positive: typeValue(rawTypes.ints.positive),
    u8: typeValue(rawTypes.ints.u8),
    u16: typeValue(rawTypes.ints.u16),
    u32: typeValue(rawTypes.ints.u32),
    s8: typeValue(rawTypes.ints.s8),
    s16: typeValue(rawTypes.ints.s16),
    s32: typeValue(rawTypes.ints.s32),
  },
  attrsOf: (t: unknown) => typeValue(rawTypes.attrsOf(toType(t))),
  lazyAttrsOf: (t: unknown) => typeValue(rawTypes.lazyAttrsOf(toType(t))),
  listOf: (t: unknown) => typeValue(rawTypes.listOf(toType(t))),
  nullOr: (t: unknown) => typeValue(rawTypes.nullOr(toType(t))),
  either: (a: unknown, b: unknown) => typeValue(rawTypes.either(toType(a), toType(b))),
  oneOf: (ts: readonly unknown[]) => typeValue(rawTypes.oneOf(ts.map(toType))),
  enum: (values: readonly unknown[]) => typeValue(rawTypes.enum(values.map(fromJS))),
  functionTo: (t: unknown) => typeValue(rawTypes.functionTo(toType(t))),
  uniq: (t: unknown) => typeValue(rawTypes.uniq(toType(t))),
  unique: (opts: { message: string }, t: unknown) => typeValue(rawTypes.uniq(toType(t), opts.message)),
  separatedString: (sep: string) => typeValue(rawTypes.separatedString(sep)),
  strMatching: (re: string) => typeValue(rawTypes.strMatching(re)),
  passwdEntry: (t: unknown) => typeValue(rawTypes.passwdEntry(toType(t))),
  coercedTo: (from: unknown, f: (v: never) => unknown, to: unknown) =>
    typeValue(rawTypes.coercedTo(toType(from), functionFromJS(f as (v: unknown) => unknown), toType(to))),
  submodule: (m: unknown) =>
    typeValue(rawTypes.submodule(Array.isArray(m) ? m.map(lazyFromJS) : lazyFromJS(m))),
  submoduleWith: (a: { modules: readonly unknown[]; specialArgs?: Record<string, unknown>; shorthandOnlyDefinesConfig?: boolean; class?: string; description?: string; memo?: SubmoduleMemo }) =>
    typeValue(
      rawTypes.submoduleWith({
        ...a,
        modules: a.modules.map(lazyFromJS),
        specialArgs: a.specialArgs === undefined ? undefined : Object.fromEntries(Object.entries(a.specialArgs).map(([k, v]) => [k, lazyFromJS(v)])),
      }),
    ),
});

let builtTypes: ReturnType<typeof makeTypes> | undefined;

/**
 * `lib.types`, built on first use: the module-system types and this file import each
 * other in a cycle (submodule → evalModules → module arguments → this lib), so nothing
 * here may read them while modules are still loading.
 */
export function jsTypes(): ReturnType<typeof makeTypes> {
  return (builtTypes ??= makeTypes());
}

export interface JsOptionArgs {
  type?: OptionTypeAttrs | unknown;
  default?: unknown;
  defaultText?: unknown;
  example?: unknown;
  description?: string;
  apply?: (v: never) => unknown;
  readOnly?: boolean;
  internal?: boolean;
  visible?: boolean | "shallow";
}

export const jsLib = {
  get types() {
    return jsTypes();
  },
  mkIf: (cond: unknown, content: unknown) => props.mkIf(lazyCondition(cond), lazyFromJS(content)),
  mkMerge: (contents: readonly unknown[]) => props.mkMerge(contents.map(lazyFromJS)),
  mkOverride: (priority: number, content: unknown) => props.mkOverride(priority, lazyFromJS(content)),
  mkOrder: (priority: number, content: unknown) => props.mkOrder(priority, lazyFromJS(content)),
  mkDefault: (content: unknown) => props.mkDefault(lazyFromJS(content)),
  mkForce: (content: unknown) => props.mkForce(lazyFromJS(content)),
  mkOptionDefault: (content: unknown) => props.mkOptionDefault(lazyFromJS(content)),
  mkBefore: (content: unknown) => props.mkBefore(lazyFromJS(content)),
  mkAfter: (content: unknown) => props.mkAfter(lazyFromJS(content)),
  /** Delays a value until the module system needs it. */
  lazy: (fn: () => unknown): Thunk => new Thunk(() => fromJS(fn())),
  mkOption: (a: JsOptionArgs) =>
    mkOption({
      type: a.type === undefined ? undefined : toType(a.type),
      default: a.default === undefined ? undefined : lazyFromJS(a.default),
      defaultText: a.defaultText === undefined ? undefined : lazyFromJS(a.defaultText),
      example: a.example === undefined ? undefined : lazyFromJS(a.example),
      description: a.description,
      apply: a.apply === undefined ? undefined : functionFromJS(a.apply as (v: unknown) => unknown),
      readOnly: a.readOnly,
      internal: a.internal,
      visible: a.visible,
    }),
  /** `mkDefinition({ file, value })`: a definition naming its own file. */
  mkDefinition: (d: { file: string; value: unknown }) => props.mkDefinition(d.file, lazyFromJS(d.value)),
  /** Forwards the definitions of `option` (an entry of `options`) to where this is placed. */
  mkAliasDefinitions: (option: unknown) => mkAliasDefinitions(lazyFromJS(option)),
  /** A module renaming option `from` to `to` (paths as lists of names); defining `from` warns. */
  mkRenamedOptionModule: (from: readonly string[], to: readonly string[]) => rename.mkRenamedOptionModule(from, to),
  /** The general rename module: `use(value)` gives the old option's value from the new one's. */
  doRename: (a: { from: readonly string[]; to: readonly string[]; visible: boolean; warn: boolean; use: (v: any) => unknown; withPriority?: boolean; condition?: unknown }) =>
    rename.doRename({
      ...a,
      use: (v) => fromJS(a.use(toJS(v))),
      condition: a.condition === undefined ? undefined : lazyCondition(a.condition),
    }),
  mkAliasOptionModule: (from: readonly string[], to: readonly string[]) => rename.mkAliasOptionModule(from, to),
  mkRemovedOptionModule: (path: readonly string[], instructions: string) => rename.mkRemovedOptionModule(path, instructions),
  /** Several old options become `to`, computed by `merge(config)` when any of them is set. */
  mkMergedOptionModule: (from: readonly (readonly string[])[], to: readonly string[], merge: (config: any) => unknown) =>
    rename.mkMergedOptionModule(from, to, (config) => lazyFromJS(merge(toJS(config)))),
  mkChangedOptionModule: (from: readonly string[], to: readonly string[], change: (config: any) => unknown) =>
    rename.mkChangedOptionModule(from, to, (config) => lazyFromJS(change(toJS(config)))),
  mkEnableOption,
  mkPackageOption: (pkgs: unknown, name: string, opts?: { default?: string; nullable?: boolean; extraDescription?: string }) =>
    mkPackageOption(fromJS(pkgs) as NixAttrs, name, opts),
  literalExpression,
  literalMD,
};
