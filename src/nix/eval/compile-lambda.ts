/**
 * Lambdas (plain argument, formals, `@` names); application is in
 * ./compile-call.ts. A call with formals forces its argument to a set and checks its names,
 * not its values; defaults are thunks in the call's own environment (so
 * they see every formal and the `@` name). Calls are counted as Nix counts
 * them (../running-calls.ts, builtins' calls too): a lambda entered while
 * more than the evaluation's max-call-depth (EvalState.maxCallDepth, Nix's
 * default 10000) calls are running stops with
 * "stack overflow; max-call-depth exceeded", and a JavaScript stack
 * overflow becomes the same error.
 */
import type { ELambda } from "../ast.ts";
import { force, NixAttrs, NixFunction, isStackOverflow, StackOverflowError, Thunk, type Formals, type FunctionInfo, type Lazy, type Value } from "../value.ts";
import { compileOnDemand, type Code } from "./compile.ts";
import { newEnv, type Env } from "./env.ts";
import { addFrame, evalError, typeMismatch } from "./fail.ts";
import { lambdaSlots } from "../parser/scope.ts";
import type { EvalState } from "./state.ts";
import { didYouMean } from "./suggest.ts";
import { keepsNoEnv } from "./keeps-no-env.ts";
import { runningCalls } from "../running-calls.ts";


/** A lambda's value is its run (a call: argument and closed-over environment), its info and an environment. */
interface LambdaParts {
  readonly run: (arg: Lazy, env: Env) => Value;
  readonly info: FunctionInfo;
  /** Whether `run` lends its calls an environment (the body keeps none). */
  readonly lends: boolean;
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
  // Nix refuses a call when more than max-call-depth are running: the count includes this one.
  const limit = st.maxCallDepth + 1;
  if (formals === undefined) {
    const lends = inner === undefined && keepsNoEnv(e.body);
    const run = lends ? lendingRun(body, frame, limit) : (arg: Lazy, env: Env): Value => {
      const inner: Env = [env, arg];
      if (++runningCalls.count > limit) overflow();
      try {
        return body.code(inner);
      } catch (err) {
        throw callFailed(err, frame);
      } finally {
        runningCalls.count--;
      }
    };
    if (inner === undefined) return { run, info: { formals: undefined, name: e.name, arg: e.arg, code2: undefined, span }, lends };
    const innerRun = inner.run;
    const code2 = inner.lends ? lendingCode2(innerRun) : (a: Lazy, b: Lazy, env: Env) => innerRun(b, [env, a]);
    return { run, info: { formals: undefined, name: e.name, arg: e.arg, code2, span }, lends: false };
  }
  const hasArg = e.arg !== undefined;
  const items = formals.items.map((f) => ({
    name: f.name,
    slot: (slots.get(f.name) as number) + 1,
    fallback: f.fallback === undefined ? undefined : compileOnDemand(f.fallback, st),
  }));
  const names = new Set(items.map((f) => f.name));
  const info: Formals = {
    names: new Map(items.map((f) => [f.name, f.fallback !== undefined])),
    ellipsis: formals.ellipsis,
    positions: new Map(formals.items.map((f) => [f.name, f.span])),
  };
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
    if (++runningCalls.count > limit) overflow();
    try {
      return body.code(inner);
    } catch (err) {
      throw callFailed(err, frame);
    } finally {
      runningCalls.count--;
    }
  };
  return { run, info: { formals: info, name: e.name, arg: e.arg, code2: undefined, span }, lends: false };
}

/**
 * The run of a lambda whose body keeps no environment (./keeps-no-env.ts):
 * its calls are lent one environment, cleared and taken back when the call
 * returns or throws; a call made while it is lent (the lambda reentered)
 * makes its own.
 */
function lendingRun(body: { readonly code: Code }, frame: string, limit: number): (arg: Lazy, env: Env) => Value {
  let spare: Env | undefined = [undefined, undefined];
  return (arg, env) => {
    if (++runningCalls.count > limit) overflow();
    const lent = spare;
    let inner: Env;
    if (lent === undefined) inner = [env, arg];
    else {
      spare = undefined;
      lent[0] = env;
      lent[1] = arg;
      inner = lent;
    }
    try {
      return body.code(inner);
    } catch (err) {
      throw callFailed(err, frame);
    } finally {
      runningCalls.count--;
      if (lent !== undefined) {
        lent[0] = lent[1] = undefined;
        spare = lent;
      }
    }
  };
}

/**
 * code2 of `x: y: body` when the inner body keeps no environment: the outer
 * call's environment is only the inner one's parent, so it is lent too.
 */
function lendingCode2(innerRun: (arg: Lazy, env: Env) => Value): (a: Lazy, b: Lazy, env: Env) => Value {
  let spare: Env | undefined = [undefined, undefined];
  return (a, b, env) => {
    const lent = spare;
    if (lent === undefined) return innerRun(b, [env, a]);
    spare = undefined;
    lent[0] = env;
    lent[1] = a;
    try {
      return innerRun(b, lent);
    } finally {
      lent[0] = lent[1] = undefined;
      spare = lent;
    }
  };
}

function overflow(): never {
  runningCalls.count--;
  throw new StackOverflowError();
}

/** A JavaScript stack overflow becomes Nix's error; other errors get the call's frame. */
function callFailed(err: unknown, frame: string): unknown {
  if (isStackOverflow(err)) return new StackOverflowError();
  return err instanceof StackOverflowError ? err : addFrame(err, frame);
}
