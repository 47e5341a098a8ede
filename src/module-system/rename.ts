/**
 * Modules that rename, alias, change or remove options (nixpkgs
 * `doRename`, `mkRenamedOptionModule`, `mkAliasOptionModule`,
 * `mkMergedOptionModule`, `mkChangedOptionModule`,
 * `mkRemovedOptionModule`). Each is a module function of `config` and
 * `options`, usable from Nix and TypeScript modules alike:
 * - a rename declares the old path as a hidden option whose value is the
 *   new option's, forwards the old definitions (keeping their priority) to
 *   the new path, and, when a `warnings` option exists, warns
 *   "The option `old' defined in `file' has been renamed to `new'.";
 * - a removal declares the old path and adds an assertion that fails when
 *   it is defined.
 * The old option has the new option's type, resolved only when needed, so
 * declaring it never reads other declarations while they are being built.
 */
import { force, NixAttrs, NixFunction, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { CatchableError, EvalError } from "../nix/errors.ts";
import { valuesEqual } from "../nix/equality.ts";
import { lookupPath, setAttrByPath } from "../nix/attr-paths.ts";
import { mkAliasAndWrapDefinitions, mkAliasAndWrapDefsWithPriority } from "./alias.ts";
import { mkIf, mkMerge } from "./properties.ts";
import { showFiles, showOption, type OptionPath } from "./option-path.ts";
import { typeFromValue } from "./types/option-type.ts";
import { deferredType } from "./types/deferred-type.ts";
import { submodule } from "./types/submodule.ts";

export interface RenameArgs {
  readonly from: OptionPath;
  readonly to: OptionPath;
  /** Whether the old option shows in documentation. */
  readonly visible: Lazy;
  /** Whether defining the old option adds a warning. */
  readonly warn: boolean;
  /** What reading the old option gives, from the new option's value. */
  readonly use: (value: Lazy) => Value;
  /** Forward definitions with their priority (default true). */
  readonly withPriority?: boolean;
  readonly condition?: Lazy;
}

function getAttrFromPath(path: OptionPath, set: Lazy): Value {
  const v = lookupPath(set, path);
  if (v === undefined) throw new EvalError(`evaluation aborted with the following error message: 'cannot find attribute '${path.join(".")}''`);
  return force(v);
}

/** A set holding `value` at `path` (never empty here: option paths have a name). */
const setAt = (path: OptionPath, value: Lazy) => setAttrByPath(path, value) as NixAttrs;

/** A module function of `config` and `options`. */
function moduleOf(body: (config: Lazy, options: Lazy) => NixAttrs): NixFunction {
  const formals = { names: new Map([["config", false], ["options", false]]), ellipsis: true };
  return new NixFunction((args) => {
    const a = force(args) as NixAttrs;
    return body(a.lazy("config") as Lazy, a.lazy("options") as Lazy);
  }, formals);
}

function hiddenOption(fields: Record<string, Lazy>): NixAttrs {
  return NixAttrs.from({ _type: "option", ...fields });
}

function optionFiles(option: Lazy): string {
  const files = (force(option) as NixAttrs).get("files");
  return showFiles(Array.isArray(files) ? files.map((f) => String(force(f))) : []);
}

export function doRename(a: RenameArgs): NixFunction {
  return moduleOf((config, options) => {
    const fromOpt = new Thunk(() => getAttrFromPath(a.from, options));
    const toType = deferredType(() => {
      const opt = lookupPath(options, a.to);
      const decl = opt === undefined ? undefined : force(opt);
      const t = typeTag(decl ?? null) === "option" ? (decl as NixAttrs).get("type") : undefined;
      return t === undefined ? submodule([]) : typeFromValue(t, `the type of option \`${showOption(a.to)}'`);
    });
    const toValue = new Thunk(() => {
      const v = lookupPath(config, a.to);
      if (v === undefined) throw new EvalError(`evaluation aborted with the following error message: 'Renaming error: option \`${showOption(a.to)}' does not exist.'`);
      return force(v);
    });
    const option = hiddenOption({
      visible: a.visible,
      description: `Alias of {option}\`${showOption(a.to)}\`.`,
      apply: new NixFunction(() => a.use(toValue)),
      type: toType,
    });
    const warnings = new Thunk(() => {
      if (!(force(options) as NixAttrs).has("warnings")) return NixAttrs.empty;
      const message = new Thunk(() => `The option \`${showOption(a.from)}' defined in ${optionFiles(fromOpt)} has been renamed to \`${showOption(a.to)}'.`);
      return NixAttrs.from({ warnings: new Thunk(() => (a.warn && (force(fromOpt) as NixAttrs).get("isDefined") === true ? [message] : [])) });
    });
    const wrap = (v: Lazy) => setAt(a.to, v);
    const forward = a.withPriority === false ? mkAliasAndWrapDefinitions(wrap, fromOpt) : mkAliasAndWrapDefsWithPriority(wrap, fromOpt);
    return NixAttrs.from({
      options: setAt(a.from, option),
      config: mkIf(a.condition ?? true, mkMerge([warnings, forward])),
    });
  });
}

/** Reading the old option gives the new one's value (after `trace`, when given, reports the use). */
export function mkRenamedOptionModule(from: OptionPath, to: OptionPath, trace?: (message: string) => void): NixFunction {
  const use = (v: Lazy) => {
    trace?.(`Obsolete option \`${showOption(from)}' is used. It was renamed to \`${showOption(to)}'.`);
    return force(v);
  };
  return doRename({ from, to, visible: false, warn: true, use });
}

/** A visible second name for an option, without warnings. */
export function mkAliasOptionModule(from: OptionPath, to: OptionPath): NixFunction {
  return doRename({ from, to, visible: true, warn: false, use: force });
}

/** `instructions` may be given lazily (a Nix string that reads config is only read when the option is used). */
export function mkRemovedOptionModule(path: OptionPath, given: string | (() => string)): NixFunction {
  const shown = showOption(path);
  const instructions = typeof given === "string" ? () => given : given;
  return moduleOf((_config, options) => {
    const opt = new Thunk(() => getAttrFromPath(path, options));
    const assertion = NixAttrs.from({
      assertion: new Thunk(() => (force(opt) as NixAttrs).get("isDefined") !== true),
      message: new Thunk(() => `The option definition \`${shown}' in ${optionFiles(opt)} no longer has any effect; please remove it.\n${instructions()}\n`),
    });
    const apply = new NixFunction(() => {
      throw new CatchableError(`The option \`${shown}' can no longer be used since it's been removed. ${instructions()}`);
    });
    return NixAttrs.from({
      options: setAt(path, hiddenOption({ visible: false, apply })),
      config: NixAttrs.from({ assertions: [assertion] }),
    });
  });
}

const UNSET = "_mkMergedOptionModule";

/** Several old options become one new one: `merge config` computes the new value when any old one is set. */
export function mkMergedOptionModule(from: readonly OptionPath[], to: OptionPath, merge: (config: Lazy) => Lazy): NixFunction {
  return moduleOf((config, options) => {
    const isSet = (f: OptionPath) => !valuesEqual(getAttrFromPath(f, config), UNSET);
    const warnings = new Thunk(() =>
      from.filter(isSet).map(
        (f) =>
          `The option \`${showOption(f)}' defined in ${optionFiles(getAttrFromPath(f, options))} has been changed to \`${showOption(to)}' that has a different type. Please read \`${showOption(to)}' documentation and update your configuration accordingly.`,
      ),
    );
    const decls = from.map((f) => setAt(f, hiddenOption({ visible: false, default: UNSET })));
    const value = mkMerge(new Thunk(() => (from.some(isSet) ? [merge(config)] : [])));
    const map = new Map<string, Lazy>([["warnings", warnings]]);
    for (const [k, v] of setAt(to, value).map) map.set(k, v);
    return NixAttrs.from({ options: decls.reduce(mergeTrees, NixAttrs.empty), config: new NixAttrs(map) });
  });
}

export function mkChangedOptionModule(from: OptionPath, to: OptionPath, change: (config: Lazy) => Lazy): NixFunction {
  return mkMergedOptionModule([from], to, change);
}

/** Merges two option trees made by setAttrByPath (sets inside sets, options at the leaves). */
function mergeTrees(a: NixAttrs, b: NixAttrs): NixAttrs {
  const map = new Map(a.map);
  for (const [k, v] of b.map) {
    const old = map.get(k);
    const [x, y] = [old === undefined ? undefined : force(old), force(v)];
    const nested = x instanceof NixAttrs && y instanceof NixAttrs && !x.has("_type") && !y.has("_type");
    map.set(k, nested ? mergeTrees(x, y) : v);
  }
  return new NixAttrs(map);
}
