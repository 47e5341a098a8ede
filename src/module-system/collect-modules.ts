/**
 * Module collection (nixpkgs `collectModules`): load every module (call
 * module functions with their arguments, import paths), normalise it, and
 * follow `imports`; then keep the modules reachable from the top without
 * passing through a module named in any `disabledModules`, breadth-first,
 * the first module of each key winning; then reverse (nixpkgs' definition
 * order). Keys default to the path of a file module, or to
 * "⟨parentKey⟩:anon-⟨n⟩".
 *
 * Module functions are called here, once; `config` is not available yet, so
 * reading it while a module function runs is reported (collecting flag).
 */
import { force, isString, NixAttrs, NixFunction, NixPath, stringText, Thunk, typeTag, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { fromJS, jsFunctionOf } from "../nix/js-value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showDefs } from "./definition.ts";
import { notAModule } from "./not-a-module.ts";
import { toStringOf, unifyModuleSyntax, type CollectedModule, type UnifiedModule } from "./module-syntax.ts";

export type { CollectedModule } from "./module-syntax.ts";

/** How module functions get their arguments. */
export interface ModuleArgs {
  /** `config`, `options`, `specialArgs`, `_class`, `_prefix` and every special argument. */
  readonly collection: ReadonlyMap<string, Lazy>;
  /** One of the collection's arguments by name, without making the collection. */
  readonly arg: (name: string) => Lazy | undefined;
  /** `config._module.args.<name>`, lazily; `key` names the module asking, for error context. */
  readonly fromConfig: (name: string, key: string) => Lazy;
  /** The argument object a TypeScript module function receives. */
  readonly forJS: (key: string) => unknown;
}

export interface CollectOptions {
  readonly class?: string;
  readonly args: ModuleArgs;
  /** Loads a module given as a path (Nix files, later TypeScript files). */
  readonly loadModule?: (path: string) => Lazy;
  /** The base of relative `disabledModules` strings (`specialArgs.modulesPath`). */
  readonly modulesPath?: string;
}

interface Loaded {
  readonly unified: UnifiedModule;
  readonly childKeys: string[];
}

export function collectModules(modules: readonly Lazy[], opts: CollectOptions): CollectedModule[] {
  const loaded = new Map<string, Loaded>();
  const queue = modules.map((m, i) => ({ module: m, file: "<unknown-file>", key: anonKey(i), parent: undefined as Loaded | undefined }));
  const topKeys: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i] as (typeof queue)[number];
    const path = pathOf(force(item.module));
    if (path !== undefined && loaded.has(path)) {
      (item.parent?.childKeys ?? topKeys).push(path);
      continue;
    }
    const unified = loadModule(item.module, item.file, item.key, opts);
    const key = unified.module.key;
    (item.parent?.childKeys ?? topKeys).push(key);
    if (loaded.has(key)) continue;
    const entry: Loaded = { unified, childKeys: [] };
    loaded.set(key, entry);
    unified.imports.forEach((m, j) => queue.push({ module: m, file: unified.module.file, key: `${key}:anon-${j + 1}`, parent: entry }));
  }
  const disabled = new Set<string>();
  for (const l of loaded.values()) for (const d of l.unified.disabled) disabled.add(disabledKey(d, l.unified.module.file, opts.modulesPath));
  const result: CollectedModule[] = [];
  const seen = new Set<string>();
  const visit = [...topKeys];
  for (let i = 0; i < visit.length; i++) {
    const key = visit[i] as string;
    if (seen.has(key) || disabled.has(key)) continue;
    seen.add(key);
    const entry = loaded.get(key) as Loaded;
    result.push(entry.unified.module);
    visit.push(...entry.childKeys);
  }
  return result.reverse();
}

/** `:anon-<n>`, the key of the n-th top-level module without one (the first few made once: every submodule instance has some). */
const ANON_KEYS = Array.from({ length: 8 }, (_, i) => `:anon-${i + 1}`);

function anonKey(i: number): string {
  return ANON_KEYS[i] ?? `:anon-${i + 1}`;
}

/**
 * The unified form of a module set, by the set: a submodule type's own modules (a set of
 * declarations, the internal module) are the same set for every instance and unified once.
 * Kept with the file and key it was unified under, which a module without `_file` or `key` takes.
 */
const unifiedSets = new WeakMap<NixAttrs, { readonly file: string; readonly key: string; readonly unified: UnifiedModule }>();

function unifyOnce(v: NixAttrs, file: string, key: string): UnifiedModule {
  const hit = unifiedSets.get(v);
  if (hit !== undefined && hit.file === file && hit.key === key) return hit.unified;
  const unified = unifyModuleSyntax(v, file, key);
  unifiedSets.set(v, { file, key, unified });
  return unified;
}

/** The path of a module given as a path or string (its file and key). */
function pathOf(v: Value): string | undefined {
  return v instanceof NixPath ? v.path : isString(v) ? stringText(v) : undefined;
}

export function loadModule(m: Lazy, fallbackFile: string, fallbackKey: string, opts: CollectOptions): UnifiedModule {
  let v = force(m);
  let file = fallbackFile;
  let key = fallbackKey;
  const path = pathOf(v);
  if (path !== undefined) {
    if (opts.loadModule === undefined) throw new UserError(`Cannot import module '${path}': no module loader for paths here`);
    file = path;
    key = path;
    v = force(opts.loadModule(path));
  }
  const fromFunction = v instanceof NixFunction;
  if (v instanceof NixFunction) v = callModule(v, key, opts.args);
  if (Array.isArray(v)) {
    throw new UserError(`Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions: ${showDefs([{ file, value: v }])}`);
  }
  if (!(v instanceof NixAttrs)) {
    throw new UserError(`module ${file} (${key}) does not look like a module.`);
  }
  const tag = typeTag(v);
  if (tag === "if" || tag === "override" || tag === "merge") v = NixAttrs.from({ config: v });
  else if (tag !== undefined && tag !== "module") throw notAModule(tag, file, opts.class, prefixOf(opts.args));
  // A set a module function returned is new each call: only sets given as modules are looked up.
  const unified = fromFunction ? unifyModuleSyntax(v, file, key) : unifyOnce(v, file, key);
  checkClass(unified, opts.class);
  return unified;
}

/** The evaluation's prefix, as module functions receive it (`_prefix`). */
function prefixOf(args: ModuleArgs): string[] {
  const p = args.arg("_prefix");
  const v = p === undefined ? [] : force(p);
  return Array.isArray(v) ? v.map((x) => stringText(force(x) as string)) : [];
}

/** nixpkgs `applyModuleArgs`: the collection arguments, plus each formal from `_module.args`, lazily. */
function callModule(fn: NixFunction, key: string, args: ModuleArgs): Value {
  const js = jsFunctionOf(fn);
  if (js !== undefined) return fromJS(js(args.forJS(key)));
  const map = new Map(args.collection);
  for (const name of fn.formals?.names.keys() ?? []) {
    if (!map.has(name)) map.set(name, new Thunk(() => force(args.fromConfig(name, key)), name));
  }
  return fn.call(new NixAttrs(map));
}

/** The key a `disabledModules` item names (nixpkgs' `moduleKey`, errors in its words). */
export function disabledKey(v: Value, file: string, modulesPath: string | undefined): string {
  if (isString(v)) {
    const s = stringText(v);
    return s.startsWith("/") || modulesPath === undefined ? s : `${modulesPath}/${s}`;
  }
  if (convertibleWithToString(v)) {
    const text = toStringOf(v);
    if (v instanceof NixAttrs && v.has("key") && toStringOf(v.lazy("key") as Lazy) !== text) {
      throw new UserError(
        `Module \`${file}\` contains a disabledModules item that is an attribute set that can be converted to a string (${text}) but also has a \`.key\` attribute (${toStringOf(v.lazy("key") as Lazy)}) with a different value. This makes it ambiguous which module should be disabled.`,
      );
    }
    return text;
  }
  if (v instanceof NixAttrs && v.has("key")) return toStringOf(v.lazy("key") as Lazy);
  if (v instanceof NixAttrs) {
    throw new UserError(
      `Module \`${file}\` contains a disabledModules item that is an attribute set, presumably a module, that does not have a \`key\` attribute. This means that the module system doesn't have any means to identify the module that should be disabled. Make sure that you've put the correct value in disabledModules: a string path relative to modulesPath, a path value, or an attribute set with a \`key\` attribute.`,
    );
  }
  throw new UserError(
    `Each disabledModules item must be a path, string, or a attribute set with a key attribute, or a value supported by toString. However, one of the disabledModules items in \`${file}\` is none of that, but is of type ${typeOf(v)}.`,
  );
}

/** nixpkgs' isConvertibleWithToString: string-like (a path, a set with __toString or outPath), null, a number, a boolean, or a list of them. */
function convertibleWithToString(v: Value): boolean {
  if (v === null || typeof v === "boolean" || typeof v === "bigint" || typeof v === "number" || isString(v) || v instanceof NixPath) return true;
  if (v instanceof NixAttrs) return v.has("__toString") || v.has("outPath");
  return Array.isArray(v) && v.every((x) => convertibleWithToString(force(x)));
}

function checkClass(m: UnifiedModule, expected: string | undefined): void {
  if (expected === undefined || m.class === undefined || m.class === expected) return;
  const [got, want] = [JSON.stringify(m.class), JSON.stringify(expected)];
  throw new UserError(
    `The module \`${m.module.file}\` (class: ${got}) cannot be imported into a module evaluation that expects class ${want}.\n\n` +
      "Help:\n- Ensure that you are importing the correct module.\n" +
      `- Verify that the module's \`_class\`, ${got} matches the expected \`class\` ${want}.\n` +
      "- If you are using a custom class, make sure it is correctly defined and used consistently across your modules.",
  );
}
