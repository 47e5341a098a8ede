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
import { force, isString, NixAttrs, NixFunction, NixPath, stringText, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { fromJS, jsFunctionOf } from "../nix/js-value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showDefs } from "./definition.ts";
import { notAModule } from "./not-a-module.ts";
import { configModuleSyntax, unifyModuleSyntax, type CollectedModule, type UnifiedModule } from "./module-syntax.ts";
import { disabledKey } from "./disabled-key.ts";

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

/** A module to load: where it was found (its fallback file and key), and what loading it found. */
interface Item {
  readonly module: Lazy;
  readonly file: string;
  readonly key: string;
  /** The item that imported it (undefined: given at the top). */
  readonly parent: Item | undefined;
  /** The key it was found under (a module met again keeps only this). */
  found: string | undefined;
  /** Its unified form, when it was the first module of its key. */
  unified: UnifiedModule | undefined;
}

function queued(module: Lazy, file: string, key: string, parent: Item | undefined): Item {
  return { module, file, key, parent, found: undefined, unified: undefined };
}

export function collectModules(modules: readonly Lazy[], opts: CollectOptions): CollectedModule[] {
  const loaded = new Map<string, Item>();
  const queue = new Array<Item>(modules.length);
  for (let i = 0; i < modules.length; i++) queue[i] = queued(modules[i] as Lazy, "<unknown-file>", anonKey(i), undefined);
  // Whether a key was met twice, or a module disables others: only then does the walk below choose.
  let choose = false;
  for (let i = 0; i < queue.length; i++) {
    const it = queue[i] as Item;
    const path = pathOf(force(it.module));
    if (path !== undefined && loaded.has(path)) {
      it.found = path;
      choose = true;
      continue;
    }
    const unified = loadModule(it.module, it.file, it.key, opts);
    const key = unified.module.key;
    it.found = key;
    if (loaded.has(key)) {
      choose = true;
      continue;
    }
    it.unified = unified;
    loaded.set(key, it);
    if (unified.disabled.length > 0) choose = true;
    const imports = unified.imports;
    for (let j = 0; j < imports.length; j++) queue.push(queued(imports[j] as Lazy, unified.module.file, `${key}:anon-${j + 1}`, it));
  }
  // Every key met once and nothing disabled: the walk would visit every module, in the order loaded.
  if (!choose) {
    const result = new Array<CollectedModule>(queue.length);
    for (let i = 0; i < queue.length; i++) result[queue.length - 1 - i] = (queue[i]?.unified as UnifiedModule).module;
    return result;
  }
  return chosen(queue, loaded, opts);
}

/**
 * The modules reachable from the top without passing through a disabled one, breadth-first,
 * the first module of each key winning, reversed (nixpkgs' definition order).
 */
function chosen(queue: readonly Item[], loaded: ReadonlyMap<string, Item>, opts: CollectOptions): CollectedModule[] {
  const topKeys: string[] = [];
  const childKeys = new Map<Item, string[]>();
  for (const item of queue) {
    const found = item.found as string;
    if (item.parent === undefined) topKeys.push(found);
    else {
      const list = childKeys.get(item.parent);
      if (list === undefined) childKeys.set(item.parent, [found]);
      else list.push(found);
    }
  }
  const disabled = new Set<string>();
  for (const l of loaded.values()) {
    const u = l.unified as UnifiedModule;
    for (const d of u.disabled) disabled.add(disabledKey(d, u.module.file, opts.modulesPath));
  }
  const result: CollectedModule[] = [];
  const seen = new Set<string>();
  const visit = [...topKeys];
  for (let i = 0; i < visit.length; i++) {
    const key = visit[i] as string;
    if (seen.has(key) || disabled.has(key)) continue;
    seen.add(key);
    const entry = loaded.get(key) as Item;
    result.push((entry.unified as UnifiedModule).module);
    visit.push(...(childKeys.get(entry) ?? []));
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
  // A set a module function returned is new each call, as is one made for an instance: only other sets given as modules are looked up.
  const unified = fromFunction ? unifyModuleSyntax(v, file, key) : (configModuleSyntax(v, key) ?? unifyOnce(v, file, key));
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
