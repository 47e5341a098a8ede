/**
 * The bridge between JavaScript values (what TypeScript configs write and
 * read) and the lazy Nix value model.
 *
 * fromJS keeps laziness: an object's getters become thunks, evaluated only
 * when the attribute is forced. toJS gives a read-only view: attribute sets
 * become proxies that force one attribute at a time. A value that crossed
 * the bridge once comes back as the same Nix value (RAW).
 * Integers become Nix ints (bigint), other numbers floats. A view nested
 * deeper than MAX_VIEW_DEPTH sets and lists is an error, as Nix's
 * max-call-depth: code walking a set that contains itself (`builtins`)
 * fails at once instead of running out of memory.
 */
import {
  force,
  NixAttrs,
  NixFunction,
  NixPath,
  NixString,
  Thunk,
  type Lazy,
  type Value,
} from "./value.ts";
import type { Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { coerceToString } from "./coerce.ts";
import { EvalError } from "./errors.ts";
import { coerceOrPending, isPending, resolvePending } from "./pending-string.ts";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/** The Nix value behind a proxy made by toJS. */
export const RAW: unique symbol = Symbol.for("system-manager.raw");
/** Positions of an object literal's keys, attached by the TypeScript config loader. */
export const POSITIONS: unique symbol = Symbol.for("system-manager.positions");

const jsFunctions = new WeakMap<NixFunction, (arg: unknown) => unknown>();

/** The JavaScript function a NixFunction wraps, if it came from fromJS. */
export function jsFunctionOf(fn: NixFunction): ((arg: unknown) => unknown) | undefined {
  return jsFunctions.get(fn);
}

/** Wraps a JavaScript function as a Nix function (arguments and result cross the bridge). */
export function functionFromJS(fn: (arg: unknown) => unknown, name?: string): NixFunction {
  const nf = new NixFunction((arg) => fromJS(fn(toJS(arg))), undefined, name ?? fn.name);
  jsFunctions.set(nf, fn);
  return nf;
}

export function fromJS(v: unknown): Value {
  switch (typeof v) {
    case "undefined":
      return null;
    case "boolean":
    case "bigint":
      return v;
    case "string":
      return isPending(v) ? resolvePending(v) : v;
    case "number":
      return Number.isInteger(v) ? BigInt(v) : v;
    case "function": {
      const raw = (v as { [RAW]?: Lazy })[RAW];
      if (raw !== undefined) return force(raw);
      return functionFromJS(v as (arg: unknown) => unknown);
    }
    case "symbol":
      throw new UserError(`Cannot use the symbol ${String(v)} as a configuration value`);
    case "object":
      break;
  }
  if (v === null) return null;
  const raw = (v as { [RAW]?: Lazy })[RAW];
  if (raw !== undefined) return force(raw);
  if (v instanceof Thunk) return v.force();
  if (
    v instanceof NixAttrs ||
    v instanceof NixFunction ||
    v instanceof NixPath ||
    v instanceof NixString
  ) {
    return v;
  }
  if (Array.isArray(v)) return v.map(lazyFromJS);
  // A file: URL is the path it names (new URL("./file", import.meta.url) in a TypeScript configuration).
  if (v instanceof URL) {
    if (v.protocol !== "file:") throw new UserError(`Cannot use the URL ${v.href} as a configuration value: only a file: URL stands for a path (new URL("./file", import.meta.url))`);
    // As a Nix path: absolute, without a trailing slash.
    return new NixPath(resolve(fileURLToPath(v)));
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    const what = (proto as { constructor?: { name?: string } }).constructor?.name ?? "object";
    // A value of another copy of these very classes: the configuration imported this package's source files, not "system-manager".
    if (/^_?(NixAttrs|NixPath|NixString|NixFunction|Thunk)$/.test(what)) {
      throw new UserError(`Cannot use a ${what.replace(/^_/, "")} made by another copy of system-manager's code as a configuration value: import from "system-manager", not from its source files`);
    }
    throw new UserError(`Cannot use a ${what} as a configuration value: use plain objects, arrays, strings, numbers and booleans`);
  }
  return attrsFromObject(v as Record<string, unknown>);
}

function attrsFromObject(obj: Record<string, unknown>): NixAttrs {
  const names: string[] = [];
  const values: Lazy[] = [];
  for (const key of Object.keys(obj)) {
    if (isPending(key)) throw new UserError(`Cannot use the name '${key}' in a configuration: it holds a store path not known yet (while the modules are being collected); compute the set in a getter or \`lazy(() => …)'`);
    const d = Object.getOwnPropertyDescriptor(obj, key) as PropertyDescriptor;
    if (d.get !== undefined) {
      names.push(key);
      values.push(new Thunk(() => fromJS(obj[key]), key));
    } else if (d.value !== undefined) {
      names.push(key);
      values.push(lazyFromJS(d.value));
    }
  }
  const positions = (obj as { [POSITIONS]?: Map<string, Span> })[POSITIONS];
  return NixAttrs.fromArrays(names, values, positions === undefined ? undefined : names.map((n) => positions.get(n)));
}

/** Primitives convert at once (a string holding a pending store path when forced); objects and arrays convert when forced. */
export function lazyFromJS(v: unknown): Lazy {
  const raw = rawOf(v);
  if (raw !== undefined) return raw;
  if (typeof v === "string" && isPending(v)) return new Thunk(() => resolvePending(v), "a string");
  if (v === null || typeof v !== "object") return fromJS(v);
  if (v instanceof Thunk || v instanceof NixAttrs || v instanceof NixPath || v instanceof NixString) return v;
  return new Thunk(() => fromJS(v));
}

/** The Nix value behind a view made by toJS or lazyProxy, unforced, if `v` is one. */
export function rawOf(v: unknown): Lazy | undefined {
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return undefined;
  return (v as { [RAW]?: Lazy })[RAW];
}

/** How deep a JavaScript view may be nested (sets and lists). */
const MAX_VIEW_DEPTH = 256;

/** A JavaScript view of a Nix value (`depth`: how many sets and lists it is nested in). */
export function toJS(v: Lazy, depth = 0): unknown {
  if (depth > MAX_VIEW_DEPTH) {
    throw new EvalError(`stack overflow; max-call-depth exceeded: a value was read more than ${MAX_VIEW_DEPTH} sets or lists deep (does a set contain itself, as \`builtins\` does?)`);
  }
  const f = force(v);
  if (f === null || typeof f === "boolean" || typeof f === "string" || typeof f === "number") return f;
  if (typeof f === "bigint") {
    return f >= BigInt(Number.MIN_SAFE_INTEGER) && f <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(f) : f;
  }
  if (f instanceof NixString) return f.s;
  if (f instanceof NixPath) return f;
  if (Array.isArray(f)) return f.map((e) => toJS(e, depth + 1));
  if (f instanceof NixAttrs) return attrsProxy(f, undefined, f, depth);
  const fn = f;
  const js = jsFunctionOf(fn);
  if (js !== undefined) return js;
  const wrapper = (arg: unknown) => toJS(fn.call(lazyFromJS(arg)));
  Object.defineProperty(wrapper, RAW, { value: fn });
  return wrapper;
}

/**
 * A read-only proxy for an attribute set that is computed on first use:
 * nothing is forced until a property is read, so a module may destructure
 * `({ config }) =>` without evaluating the configuration.
 */
export function lazyAttrsProxy(get: () => Value, label: string): Record<string, unknown> {
  let cached: NixAttrs | undefined;
  const attrs = (): NixAttrs => {
    if (cached !== undefined) return cached;
    const v = get();
    if (!(v instanceof NixAttrs)) throw new UserError(`Cannot read '${label}': it is not an attribute set`);
    cached = v;
    return v;
  };
  return attrsProxy(undefined, attrs, new Thunk(() => attrs(), label));
}

/**
 * A JavaScript view of a value that is computed on first use, whatever its
 * type: reading a property, calling it, or coercing it to a string forces
 * it. Module arguments such as `pkgs` come from the configuration, so a
 * module may destructure `({ pkgs }) =>` and use `pkgs` later, lazily.
 * (It is a function-shaped proxy: `typeof` says "function".)
 */
export function lazyProxy(get: () => Lazy, label: string): unknown {
  const thunk = new Thunk(() => force(get()), label);
  const view = (): unknown => toJS(thunk);
  const isObject = (v: unknown): v is object => (typeof v === "object" || typeof v === "function") && v !== null;
  return new Proxy(() => undefined, {
    get(_t, key) {
      if (key === RAW) return thunk;
      const v = view();
      if (key === Symbol.toPrimitive && !isObject(v)) return () => v;
      return isObject(v) ? Reflect.get(v, key) : undefined;
    },
    apply(_t, _this, args) {
      const v = view();
      if (typeof v !== "function") throw new UserError(`Cannot call '${label}': it is not a function`);
      return (v as (...a: unknown[]) => unknown)(...args);
    },
    has(_t, key) {
      const v = view();
      return isObject(v) && Reflect.has(v, key);
    },
    ownKeys() {
      const v = view();
      return isObject(v) && typeof v !== "function" ? Reflect.ownKeys(v) : [];
    },
    getOwnPropertyDescriptor(_t, key) {
      const v = view();
      const d = isObject(v) && typeof v !== "function" ? Reflect.getOwnPropertyDescriptor(v, key) : undefined;
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    set(_t, key) {
      throw new UserError(`Cannot assign to '${String(key)}': configuration values are read-only`);
    },
    deleteProperty(_t, key) {
      throw new UserError(`Cannot delete '${String(key)}': configuration values are read-only`);
    },
  });
}

/**
 * The target of an attribute set's view, holding what the view reads: the
 * set (or how to compute it on first use), its raw value and nesting depth.
 * The traps hide it: the view has the set's names and a null prototype.
 */
class ViewTarget {
  #set: NixAttrs | undefined;
  readonly #get: (() => NixAttrs) | undefined;
  readonly raw: Lazy;
  readonly depth: number;
  constructor(set: NixAttrs | undefined, get: (() => NixAttrs) | undefined, raw: Lazy, depth: number) {
    this.#set = set;
    this.#get = get;
    this.raw = raw;
    this.depth = depth;
  }
  attrs(): NixAttrs {
    return (this.#set ??= (this.#get as () => NixAttrs)());
  }
}

const readOnly = (key: string | symbol): never => {
  throw new UserError(`Cannot assign to '${String(key)}': configuration values are read-only`);
};

const ATTRS_VIEW: ProxyHandler<ViewTarget> = {
  get(st, key) {
    if (key === RAW) return st.raw;
    if (typeof key === "symbol") {
      if (key === Symbol.toPrimitive) return () => coerceAttrsToString(st.attrs());
      return undefined;
    }
    const a = st.attrs();
    const lazy = a.lazy(key);
    if (lazy !== undefined) return toJS(lazy, st.depth + 1);
    if (key === "toString" && (a.has("outPath") || a.has("__toString"))) {
      return () => coerceAttrsToString(a);
    }
    // JSON.stringify of a set that coerces to a string (a derivation: outPath; __toString) gives that string, as builtins.toJSON does; a package's `all` holds the package itself.
    if (key === "toJSON" && (a.has("outPath") || a.has("__toString"))) {
      return () => coerceAttrsToString(a);
    }
    return undefined;
  },
  has(st, key) {
    return typeof key === "string" && st.attrs().has(key);
  },
  ownKeys(st) {
    return st.attrs().keys();
  },
  getPrototypeOf() {
    return null;
  },
  getOwnPropertyDescriptor(st, key) {
    if (typeof key !== "string" || !st.attrs().has(key)) return undefined;
    // An accessor, so listing the keys (Object.keys, for…in) forces no value.
    const lazy = st.attrs().lazy(key) as Lazy;
    return { enumerable: true, configurable: true, get: () => toJS(lazy, st.depth + 1) };
  },
  set: (_t, key) => readOnly(key),
  defineProperty: (_t, key) => readOnly(key),
  deleteProperty(_t, key) {
    throw new UserError(`Cannot delete '${String(key)}': configuration values are read-only`);
  },
};

/** A view of the set `set`, or of the set `get` computes on first use. */
function attrsProxy(set: NixAttrs | undefined, get: (() => NixAttrs) | undefined, raw: Lazy, depth = 0): Record<string, unknown> {
  return new Proxy(new ViewTarget(set, get, raw, depth), ATTRS_VIEW) as unknown as Record<string, unknown>;
}

/** Interpolation's rules (`__toString` first, then `outPath`; paths keep their text); a value not known yet gives a pending string. */
function coerceAttrsToString(a: NixAttrs): string {
  if (!a.has("outPath") && !a.has("__toString")) throw new UserError("Cannot coerce a set to a string");
  return coerceOrPending(
    () => nameOf(a),
    () => coerceToString(a, { coerceMore: false, copyToStore: false }, (p) => p),
  );
}

/** What a set coerced to a string is called in an error: `pkgs.<pname>` for a package. */
function nameOf(a: NixAttrs): string {
  try {
    const pname = a.has("pname") ? force(a.lazy("pname") as Lazy) : undefined;
    return typeof pname === "string" ? `pkgs.${pname}` : "a derivation";
  } catch {
    return "a derivation";
  }
}
