/**
 * The machinery every builtin shares: building a curried primop named
 * "builtins.<name>" whose errors gain the frame "while calling the '<name>'
 * builtin" and whose run counts as a call (../running-calls.ts), forcing
 * arguments to the expected type with C++ Nix's wording
 * ("expected a list but found a set: { … }") and frames ("while evaluating
 * the second argument passed to builtins.map"), and calling Nix functions
 * (lambdas, primops and sets with `__functor`).
 */
import { coerceToString, type Coerced } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { typeError } from "../operators.ts";
import { showType, showValueShort } from "../show-type.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { force, NixAttrs, NixFunction, NixString, type FunctionInfo, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { runningCalls } from "../running-calls.ts";

export type PrimopImpl = (...args: Lazy[]) => Value;

/** Adds a context frame to a user error on its way out. */
export function withFrame<T>(frame: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof UserError) e.withContext(frame);
    throw e;
  }
}

/**
 * A builtin of `arity` arguments (1 to 3), curried; the implementation runs
 * once every argument is supplied and receives them unforced.
 */
export function primop(name: string, arity: 1 | 2 | 3, impl: PrimopImpl): NixFunction {
  const full = `builtins.${name}`;
  const frame = `while calling the '${name}' builtin`;
  const failed = (e: unknown): unknown => {
    if (e instanceof UserError) e.withContext(frame);
    return e;
  };
  // Curried by hand for the arities builtins have: no argument arrays, no closure per call.
  // A run is a call as Nix's call depth counts it (../running-calls.ts).
  const run1 = (a: Lazy): Value => {
    runningCalls.count++;
    try {
      return impl(a);
    } catch (e) {
      throw failed(e);
    } finally {
      runningCalls.count--;
    }
  };
  const run2 = (a: Lazy, b: Lazy): Value => {
    runningCalls.count++;
    try {
      return impl(a, b);
    } catch (e) {
      throw failed(e);
    } finally {
      runningCalls.count--;
    }
  };
  const run3 = (a: Lazy, b: Lazy, c: Lazy): Value => {
    runningCalls.count++;
    try {
      return impl(a, b, c);
    } catch (e) {
      throw failed(e);
    } finally {
      runningCalls.count--;
    }
  };
  if (arity === 1) return new NixFunction(run1, undefined, full);
  // A partial application is a closure over the arguments so far (no JavaScript closure per call).
  const info: FunctionInfo = { formals: undefined, name: full, code2: undefined };
  if (arity === 2) {
    const second = (b: Lazy, a: Lazy): Value => run2(a, b);
    return NixFunction.withInfo((a) => NixFunction.withInfo(second, a, info), undefined, { ...info, code2: (a: Lazy, b: Lazy) => run2(a, b) });
  }
  const third = (c: Lazy, ab: readonly [Lazy, Lazy]): Value => run3(ab[0], ab[1], c);
  const secondOf3 = (b: Lazy, a: Lazy): Value => NixFunction.withInfo(third, [a, b] as const, info);
  return NixFunction.withInfo((a) => NixFunction.withInfo(secondOf3, a, info), undefined, { ...info, code2: (a: Lazy, b: Lazy) => NixFunction.withInfo(third, [a, b] as const, info) });
}

const ORDINALS = ["first", "second", "third", "fourth"];
const argFrames = new Map<string, string[]>();

/** "while evaluating the second argument passed to builtins.map" (made once per builtin and position). */
export function argFrame(index: number, name: string): string {
  let frames = argFrames.get(name);
  if (frames === undefined) argFrames.set(name, (frames = []));
  return (frames[index] ??= `while evaluating the ${ORDINALS[index]} argument passed to builtins.${name}`);
}

export function forceInt(v: Lazy, frame: string): bigint {
  const x = force(v);
  if (typeof x === "bigint") return x;
  throw typeError("an integer", x).withContext(frame);
}

/** An int is accepted and converted, as Nix's forceFloat. */
export function forceFloat(v: Lazy, frame: string): number {
  const x = force(v);
  if (typeof x === "number") return x;
  if (typeof x === "bigint") return Number(x);
  throw typeError("a float", x).withContext(frame);
}

export function forceBool(v: Lazy, frame: string): boolean {
  const x = force(v);
  if (typeof x === "boolean") return x;
  throw typeError("a Boolean", x).withContext(frame);
}

export function forceList(v: Lazy, frame: string): Lazy[] {
  const x = force(v);
  if (Array.isArray(x)) return x;
  throw typeError("a list", x).withContext(frame);
}

export function forceAttrs(v: Lazy, frame: string): NixAttrs {
  const x = force(v);
  if (x instanceof NixAttrs) return x;
  throw typeError("a set", x).withContext(frame);
}

/** A lambda, a primop or a set with `__functor`. */
export function forceFunction(v: Lazy, frame: string): Value {
  const x = force(v);
  if (x instanceof NixFunction || (x instanceof NixAttrs && x.has("__functor"))) return x;
  throw typeError("a function", x).withContext(frame);
}

/** A string value with its context (paths and other types are refused). */
export function forceString(v: Lazy, frame: string): Coerced {
  const x = force(v);
  if (typeof x === "string") return { text: x, context: NO_CONTEXT };
  if (x instanceof NixString) return { text: x.s, context: x.context };
  throw typeError("a string", x).withContext(frame);
}

/** The path a context element refers to ("!out!/nix/store/…drv" and "=/nix/store/…drv" name the .drv). */
export function contextPath(element: string): string {
  if (element.startsWith("=")) return element.slice(1);
  if (element.startsWith("!")) return element.slice(element.indexOf("!", 1) + 1);
  return element;
}

/** A string that must not refer to the store (attribute names, regexes, `getEnv`, …). */
export function forceStringNoCtx(v: Lazy, frame: string): string {
  const s = forceString(v, frame);
  for (const c of s.context) {
    throw new EvalError(`the string '${s.text}' is not allowed to refer to a store path (such as '${contextPath(c)}')`).withContext(frame);
  }
  return s.text;
}

export const NO_CONTEXT: ReadonlySet<string> = new Set();

/** Interpolation-style coercion (`"${x}"`): paths are copied to the store. */
export function coerceString(ctx: BuiltinContext, v: Lazy, frame: string, opts = { coerceMore: false, copyToStore: true }): Coerced {
  return withFrame(frame, () => coerceToString(v, opts, ctx.copyToStore));
}

/** Calls a lambda, a primop or a `__functor` set with its arguments in turn. */
export function callFunction(f: Value, ...args: Lazy[]): Value {
  let fn = f;
  for (const arg of args) {
    if (fn instanceof NixFunction) fn = fn.code(arg, fn.env as never);
    else if (fn instanceof NixAttrs && fn.has("__functor")) {
      const functor = force(fn.lazy("__functor") as Lazy);
      fn = callFunction(callFunction(functor, fn), arg);
    } else {
      throw new EvalError(`attempt to call something which is not a function but ${showType(fn)}: ${showValueShort(fn)}`);
    }
  }
  return fn;
}

/** `f a`: callFunction without an argument array, for the builtins that call a function per element. */
export function call1(f: Value, a: Lazy): Value {
  return f instanceof NixFunction ? f.code(a, f.env as never) : callFunction(f, a);
}

/** `f a b`, as call1 (both at once when `f` can: FunctionInfo.code2). */
export function call2(f: Value, a: Lazy, b: Lazy): Value {
  if (!(f instanceof NixFunction)) return callFunction(f, a, b);
  const code2 = f.info.code2;
  if (code2 !== undefined) return code2(a, b, f.env as never);
  const g = f.code(a, f.env as never);
  return g instanceof NixFunction ? g.code(b, g.env as never) : callFunction(g, b);
}

/** The union of several contexts (the common empty case allocates nothing). */
export function unionContext(contexts: Iterable<ReadonlySet<string>>): ReadonlySet<string> {
  let out: Set<string> | undefined;
  let only: ReadonlySet<string> = NO_CONTEXT;
  for (const c of contexts) {
    if (c.size === 0) continue;
    if (only.size === 0 && out === undefined) {
      only = c;
      continue;
    }
    out ??= new Set(only);
    for (const e of c) out.add(e);
  }
  return out ?? only;
}

/** A set from entries whose values are already computed or lazy. */
export function attrs(entries: Iterable<readonly [string, Lazy]>): NixAttrs {
  return new NixAttrs(new Map(entries));
}
