/**
 * Building and calling Nix functions from TypeScript: curried lib
 * functions (`fn("concatStringsSep", (sep, list) => …)` takes one argument
 * at a time, as in Nix), calls that accept functor sets (`__functor`) as
 * Nix does, and lazy calls for results that must stay unevaluated.
 */
import { force, NixAttrs, NixFunction, Thunk, type Formals, type Lazy, type Value } from "../nix/value.ts";
import { callFunction } from "../nix/builtins/primop.ts";

/** A curried Nix function of `f.length` arguments; arguments stay lazy. */
export function fn(name: string, f: (...args: Lazy[]) => Value, formals?: Formals): NixFunction {
  const arity = f.length;
  const step = (got: readonly Lazy[]): NixFunction =>
    new NixFunction(
      (arg) => {
        const args = [...got, arg];
        return args.length >= arity ? f(...args) : step(args);
      },
      got.length === 0 ? formals : undefined,
      name,
    );
  return step([]);
}

/** A function whose first argument is a set with the given formals (name → has a default). */
export function fnOfSet(name: string, names: Record<string, boolean>, f: (...args: Lazy[]) => Value, ellipsis = false): NixFunction {
  return fn(name, f, { names: new Map(Object.entries(names)), ellipsis });
}

/** Applies a function (or a set with `__functor`) to one argument: builtins' callFunction. */
export function apply(f: Lazy, arg: Lazy): Value {
  return callFunction(force(f), arg);
}

/** Applies a function to several arguments in turn. */
export function call(f: Lazy, ...args: Lazy[]): Value {
  return callFunction(force(f), ...args);
}

/** `f a b …`, unevaluated. */
export function lazyCall(f: Lazy, ...args: Lazy[]): Thunk {
  return new Thunk(() => call(f, ...args));
}

/** True for functions and sets with a callable `__functor` (nixpkgs `lib.isFunction`). */
export function isCallable(v: Value): boolean {
  if (v instanceof NixFunction) return true;
  if (!(v instanceof NixAttrs)) return false;
  const functor = v.lazy("__functor");
  return functor !== undefined && isCallable(apply(functor, v));
}
