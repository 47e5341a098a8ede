/**
 * Helpers for the builtins' tests: a context over an in-memory tree, the
 * builtins made from it, `call(fn, ...args)` to apply a curried builtin,
 * and `plain(v)` to force a value completely into JavaScript data that
 * `assert.deepEqual` can compare (ints stay bigints, paths become
 * { path }, strings with context { s, context }, functions "«lambda»").
 */
import { memoryIO } from "../io.ts";
import { force, lazy, NixAttrs, NixFunction, NixPath, NixString, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { createBuiltins } from "./index.ts";
import { callFunction } from "./primop.ts";
import { EvalStore } from "../eval-store.ts";

export interface TestWorld {
  readonly ctx: BuiltinContext;
  readonly builtins: NixAttrs;
  readonly traces: string[];
  readonly warnings: string[];
  /** `builtins.<name>` */
  b(name: string): Value;
}

export function makeWorld(opts: { files?: Record<string, string>; env?: Record<string, string>; pure?: boolean; imports?: Record<string, Value> } = {}): TestWorld {
  const traces: string[] = [];
  const warnings: string[] = [];
  const ctx: BuiltinContext = {
    io: memoryIO(opts.files ?? {}, opts.env ?? {}),
    importPath: (p) => {
      const v = opts.imports?.[p];
      if (v === undefined) throw new Error(`test: no import for ${p}`);
      return v;
    },
    scopedImport: (scope, p) => NixAttrs.from({ scope, path: p }),
    copyToStore: (p) => `/nix/store/00000000000000000000000000000000-${p.slice(p.lastIndexOf("/") + 1)}`,
    store: new EvalStore(),
    currentSystem: opts.pure === true ? undefined : "x86_64-linux",
    pure: opts.pure ?? false,
    trace: (m) => traces.push(m),
    warn: (m) => warnings.push(m),
    clock: () => 1_700_000_000_000,
  };
  const builtins = createBuiltins(ctx);
  return { ctx, builtins, traces, warnings, b: (name) => builtins.get(name) as Value };
}

/** Applies a function value to arguments in turn. */
export function call(fn: Value, ...args: Lazy[]): Value {
  return callFunction(fn, ...args);
}

/** A thunk that fails when forced (for laziness checks). */
export function boom(message = "forced"): Lazy {
  return lazy(() => {
    throw new Error(message);
  });
}

/** A Nix function from a JavaScript one of forced arguments. */
export function fn(f: (...args: Value[]) => Value, arity = 1): NixFunction {
  const curry = (got: Value[]): NixFunction =>
    new NixFunction((a) => {
      const args = [...got, force(a)];
      return args.length === arity ? f(...args) : curry(args);
    });
  return curry([]);
}

/** The forced attribute `name` of a set value. */
export function attr(v: Value, name: string): Value {
  if (!(v instanceof NixAttrs) || !v.has(name)) throw new Error(`test: no attribute ${name}`);
  return v.get(name) as Value;
}

export function set(entries: Record<string, Lazy>): NixAttrs {
  return NixAttrs.from(entries);
}

export type Plain = null | boolean | bigint | number | string | Plain[] | { [k: string]: Plain };

export function plain(v: Lazy): Plain {
  const x = force(v);
  if (x instanceof NixString) return { s: x.s, context: [...x.context].sort() };
  if (x instanceof NixPath) return { path: x.path };
  if (x instanceof NixFunction) return "«lambda»";
  if (Array.isArray(x)) return x.map(plain);
  if (x instanceof NixAttrs) return Object.fromEntries(x.keys().map((k) => [k, plain(x.lazy(k) as Lazy)]));
  return x;
}
