/**
 * Module collection (nixpkgs `collectModules`): call module functions with
 * their arguments, normalise shorthand and full forms, follow `imports`
 * breadth-first, drop duplicates by key (the first wins) and modules named
 * in `disabledModules`, then reverse (definition order, as nixpkgs).
 *
 * Module functions are called here, once; `config` is not available yet, so
 * reading it while a module function runs is reported (collecting flag).
 */
import {
  force,
  isString,
  NixAttrs,
  NixFunction,
  NixPath,
  stringText,
  Thunk,
  typeTag,
  typeOf,
  type Lazy,
  type Value,
} from "../nix/value.ts";
import { fromJS, jsFunctionOf } from "../nix/js-value.ts";
import { UserError } from "../diagnostics/user-error.ts";

export interface CollectedModule {
  readonly key: string;
  readonly file: string;
  readonly options: Lazy;
  readonly config: Lazy;
  readonly freeformType: Lazy | undefined;
}

/** How module functions get their arguments. */
export interface ModuleArgs {
  /** `lib`, `config`, `options`, `specialArgs`, `_class`, `_prefix` and every special argument. */
  readonly collection: ReadonlyMap<string, Lazy>;
  /** `config._module.args.<name>`, lazily. */
  readonly fromConfig: (name: string) => Lazy;
  /** The argument object a TypeScript module function receives. */
  readonly forJS: () => unknown;
}

export interface CollectOptions {
  readonly class?: string;
  readonly args: ModuleArgs;
  /** Loads a module given as a path (Nix files, later TypeScript files). */
  readonly loadModule?: (path: string) => Lazy;
}

const SHORTHAND_RESERVED = new Set(["_class", "_file", "key", "disabledModules", "require", "imports", "freeformType"]);
const FULL_ALLOWED = new Set(["_class", "_file", "key", "disabledModules", "imports", "options", "config", "meta", "freeformType"]);

interface Pending {
  readonly module: Lazy;
  readonly parentFile: string;
  readonly key: string;
}

export function collectModules(modules: readonly Lazy[], opts: CollectOptions): CollectedModule[] {
  const queue: Pending[] = modules.map((m, i) => ({ module: m, parentFile: "<unknown-file>", key: `:anon-${i + 1}` }));
  const seen = new Set<string>();
  const collected: CollectedModule[] = [];
  const disabled: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i] as Pending;
    const n = normalise(item, opts);
    if (seen.has(n.module.key)) continue;
    seen.add(n.module.key);
    collected.push(n.module);
    disabled.push(...n.disabled);
    n.imports.forEach((m, j) => queue.push({ module: m, parentFile: n.module.file, key: `${n.module.key}:anon-${j + 1}` }));
  }
  const disabledSet = new Set(disabled);
  return collected.filter((m) => !disabledSet.has(m.key)).reverse();
}

interface Normalised {
  readonly module: CollectedModule;
  readonly imports: readonly Lazy[];
  readonly disabled: readonly string[];
}

function normalise(item: Pending, opts: CollectOptions): Normalised {
  let v = force(item.module);
  let file = item.parentFile;
  let key = item.key;
  if (isString(v) || v instanceof NixPath) {
    const path = v instanceof NixPath ? v.path : stringText(v);
    if (opts.loadModule === undefined) throw new UserError(`Cannot import module '${path}': no module loader for paths here`);
    file = path;
    key = path;
    v = force(opts.loadModule(path));
  }
  if (v instanceof NixFunction) v = callModule(v, opts.args);
  if (Array.isArray(v)) throw new UserError("Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions: " + file);
  if (!(v instanceof NixAttrs)) {
    throw new UserError(`Cannot use a ${typeOf(v)} as a module in \`${file}': a module is an attribute set, a function returning one, or a path`);
  }
  const tag = typeTag(v);
  if (tag === "if" || tag === "override" || tag === "merge") {
    return { module: { key, file, options: NixAttrs.empty, config: v, freeformType: undefined }, imports: [], disabled: [] };
  }
  if (tag !== undefined) {
    const hint = tag === "flake" ? " You may have imported a flake instead of one of its modules: select one, as in `inputs.foo.nixosModules.default'." : "";
    throw new UserError(`Expected a module, but found a value of type "${tag}".${hint}`);
  }
  const explicitFile = v.get("_file");
  if (explicitFile !== undefined) file = stringOf(explicitFile);
  const explicitKey = v.get("key");
  if (explicitKey !== undefined) key = stringOf(explicitKey);
  checkClass(v, opts.class, key);

  const imports = listOf(v.get("imports"), "imports", file);
  const disabled = listOf(v.get("disabledModules"), "disabledModules", file).map((d) => disabledKey(force(d)));
  const freeformType = v.lazy("freeformType");
  const module = v.has("config") || v.has("options") ? fullForm(v, key, file, freeformType) : shorthand(v, key, file, freeformType);
  return { module, imports, disabled };
}

function fullForm(v: NixAttrs, key: string, file: string, freeformType: Lazy | undefined): CollectedModule {
  const extra = [...v.map.keys()].filter((k) => !FULL_ALLOWED.has(k));
  if (extra.length > 0) {
    throw new UserError(
      `Module \`${key}' has an unsupported attribute \`${extra[0]}'. This is caused by introducing a top-level \`config' or \`options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${extra.join(" ")}) into the explicit \`config' attribute.`,
    );
  }
  return { key, file, options: v.lazy("options") ?? NixAttrs.empty, config: v.lazy("config") ?? NixAttrs.empty, freeformType };
}

function shorthand(v: NixAttrs, key: string, file: string, freeformType: Lazy | undefined): CollectedModule {
  const map = new Map<string, Lazy>();
  for (const [k, x] of v.map) if (!SHORTHAND_RESERVED.has(k)) map.set(k, x);
  return { key, file, options: NixAttrs.empty, config: new NixAttrs(map, v.pos), freeformType };
}

function callModule(fn: NixFunction, args: ModuleArgs): Value {
  const js = jsFunctionOf(fn);
  if (js !== undefined) return fromJS(js(args.forJS()));
  if (fn.formals === undefined) return fn.call(argsValue(args));
  const map = new Map<string, Lazy>();
  for (const name of fn.formals.names.keys()) {
    const direct = args.collection.get(name);
    map.set(name, direct ?? new Thunk(() => force(args.fromConfig(name)), name));
  }
  return fn.call(new NixAttrs(map));
}

function argsValue(args: ModuleArgs): NixAttrs {
  return new NixAttrs(args.collection);
}

function stringOf(v: Value): string {
  if (isString(v)) return stringText(v);
  if (v instanceof NixPath) return v.path;
  throw new UserError(`Expected a string for a module's \`_file' or \`key', but found a ${typeOf(v)}`);
}

function listOf(v: Value | undefined, what: string, file: string): Lazy[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UserError(`The \`${what}' of module \`${file}' must be a list, but it is a ${typeOf(v)}`);
  return v;
}

function disabledKey(v: Value): string {
  if (v instanceof NixAttrs && v.has("key")) return stringOf(v.get("key") as Value);
  return stringOf(v);
}

function checkClass(v: NixAttrs, expected: string | undefined, key: string): void {
  const c = v.get("_class");
  if (expected === undefined || c === undefined || c === null) return;
  const cls = stringOf(c);
  if (cls !== expected) {
    throw new UserError(
      `The module \`${key}' (class: ${JSON.stringify(cls)}) cannot be imported into a module evaluation that expects class ${JSON.stringify(expected)}.`,
    );
  }
}
