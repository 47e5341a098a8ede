/**
 * Application: `f a b …` (two arguments at once where the function has
 * FunctionInfo.code2), and calling any function value: a lambda, a
 * primop, or a set with `__functor`.
 */
import type { Span } from "../../diagnostics/location.ts";
import type { ECall } from "../ast.ts";
import { showType, showValueShort } from "../show-type.ts";
import { force, NixAttrs, NixFunction, type Lazy, type Value } from "../value.ts";
import { compile, compileLazy, type Code } from "./compile.ts";
import type { Env } from "./env.ts";
import { evalError } from "./fail.ts";
import { locate } from "./locate.ts";
import type { EvalState } from "./state.ts";

/** Calls a function value (lambda, primop, or set with `__functor`). */
export function callValue(fn: Value, arg: Lazy, span: Span): Value {
  if (fn instanceof NixFunction) return fn.code(arg, fn.env as never);
  if (fn instanceof NixAttrs) {
    const functor = fn.lazy("__functor");
    if (functor !== undefined) {
      const inner = callValue(force(functor), fn, span);
      return callValue(inner, arg, span);
    }
  }
  throw evalError(`attempt to call something which is not a function but ${showType(fn)}: ${showValueShort(fn)}`, span);
}

export function compileCall(e: ECall, st: EvalState): Code {
  const fn = compile(e.fn, st);
  const args = e.args.map((a) => compileLazy(a, st));
  const span = e.span;
  if (args.length === 1) {
    const a0 = args[0] as (env: Env) => Lazy;
    return (env) => {
      const f = fn(env);
      try {
        return f instanceof NixFunction ? f.code(a0(env), f.env as never) : callValue(f, a0(env), span);
      } catch (err) {
        throw locate(err, span);
      }
    };
  }
  return (env) => {
    let f = fn(env);
    try {
      let i = 0;
      for (; i + 1 < args.length && f instanceof NixFunction && f.info.code2 !== undefined; i += 2) {
        f = f.info.code2((args[i] as (env: Env) => Lazy)(env), (args[i + 1] as (env: Env) => Lazy)(env), f.env as never);
      }
      for (; i < args.length; i++) {
        const a = args[i] as (env: Env) => Lazy;
        f = f instanceof NixFunction ? f.code(a(env), f.env as never) : callValue(f, a(env), span);
      }
    } catch (err) {
      throw locate(err, span);
    }
    return f;
  };
}
