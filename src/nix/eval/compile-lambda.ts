/**
 * Functions: lambdas (plain argument, formals, `@` names) and application.
 * A call with formals forces its argument to a set and checks its names,
 * not its values; defaults are thunks in the call's own environment (so
 * they see every formal and the `@` name). Calls are counted: past Nix's
 * max-call-depth (10000) evaluation stops with "stack overflow;
 * max-call-depth exceeded", and a JavaScript stack overflow becomes the
 * same error. Sets with `__functor` are callable.
 */
import type { Span } from "../../diagnostics/location.ts";
import type { ECall, ELambda } from "../ast.ts";
import { showType, showValueShort } from "../show-type.ts";
import { force, NixAttrs, NixFunction, isStackOverflow, StackOverflowError, Thunk, type Formals, type FunctionInfo, type Lazy, type Value } from "../value.ts";
import { compile, compileLazy, compileOnDemand, type Code } from "./compile.ts";
import { newEnv, type Env } from "./env.ts";
import { addFrame, evalError, typeMismatch } from "./fail.ts";
import { lambdaSlots } from "../parser/scope.ts";
import type { EvalState } from "./state.ts";
import { didYouMean } from "./suggest.ts";
import { locate } from "./locate.ts";

/** Nix's default `max-call-depth`. */
export const MAX_CALL_DEPTH = 10000;
let depth = 0;

/** A lambda's value is its run (a call: argument and closed-over environment), its info and an environment. */
interface LambdaParts {
  readonly run: (arg: Lazy, env: Env) => Value;
  readonly info: FunctionInfo;
}

export function compileLambda(e: ELambda, st: EvalState): Code {
  const { run, info } = lambdaParts(e, st);
  return (env) => NixFunction.withInfo(run, env, info);
}

/**
 * `x: y: body` (a plain argument whose body is a lambda) also gets
 * FunctionInfo.code2: both calls at once, the inner lambda run in the
 * environment the outer call would make, without the function value the
 * outer call returns (its call does nothing else, so nothing observable
 * differs).
 */
function lambdaParts(e: ELambda, st: EvalState): LambdaParts {
  const inner = e.formals === undefined && e.body.kind === "lambda" ? lambdaParts(e.body, st) : undefined;
  const body: { readonly code: Code } =
    inner === undefined ? compileOnDemand(e.body, st) : { code: (env: Env) => NixFunction.withInfo(inner.run, env, inner.info) };
  const slots = lambdaSlots(e.arg, e.formals?.items ?? []);
  const n = slots.size;
  const label = e.name === undefined ? "anonymous lambda" : `'${e.name}'`;
  const fname = e.name ?? "anonymous lambda";
  const frame = `while calling ${label}`;
  const span = e.span;
  const formals = e.formals;
  if (formals === undefined) {
    const run = (arg: Lazy, env: Env): Value => {
      const inner: Env = [env, arg];
      if (++depth > MAX_CALL_DEPTH) overflow();
      try {
        return body.code(inner);
      } catch (err) {
        throw callFailed(err, frame);
      } finally {
        depth--;
      }
    };
    if (inner === undefined) return { run, info: { formals: undefined, name: e.name, code2: undefined } };
    const innerRun = inner.run;
    return { run, info: { formals: undefined, name: e.name, code2: (a: Lazy, b: Lazy, env: Env) => innerRun(b, [env, a]) } };
  }
  const hasArg = e.arg !== undefined;
  const items = formals.items.map((f) => ({
    name: f.name,
    slot: (slots.get(f.name) as number) + 1,
    fallback: f.fallback === undefined ? undefined : compileOnDemand(f.fallback, st),
  }));
  const names = new Set(items.map((f) => f.name));
  const info: Formals = { names: new Map(items.map((f) => [f.name, f.fallback !== undefined])), ellipsis: formals.ellipsis };
  const run = (arg: Lazy, env: Env): Value => {
    const set = force(arg);
    if (!(set instanceof NixAttrs)) throw addFrame(typeMismatch("a set", set, span), frame);
    const inner = newEnv(n, env);
    if (hasArg) inner[1] = arg;
    let present = 0;
    for (const f of items) {
      const v = set.lazy(f.name);
      if (v !== undefined) {
        inner[f.slot] = v;
        present++;
      }
      else if (f.fallback !== undefined) {
        inner[f.slot] = Thunk.deferred(f.fallback.code, inner);
      } else throw addFrame(evalError(`function '${fname}' called without required argument '${f.name}'`, span), frame);
    }
    if (!formals.ellipsis && set.size > present) {
      for (const k of set.keys()) {
        if (names.has(k)) continue;
        const hint = didYouMean(k, names);
        throw addFrame(evalError(`function '${fname}' called with unexpected argument '${k}'${hint === "" ? "" : `\n${hint}`}`, span), frame);
      }
    }
    if (++depth > MAX_CALL_DEPTH) overflow();
    try {
      return body.code(inner);
    } catch (err) {
      throw callFailed(err, frame);
    } finally {
      depth--;
    }
  };
  return { run, info: { formals: info, name: e.name, code2: undefined } };
}

function overflow(): never {
  depth--;
  throw new StackOverflowError();
}

/** A JavaScript stack overflow becomes Nix's error; other errors get the call's frame. */
function callFailed(err: unknown, frame: string): unknown {
  if (isStackOverflow(err)) return new StackOverflowError();
  return err instanceof StackOverflowError ? err : addFrame(err, frame);
}

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
