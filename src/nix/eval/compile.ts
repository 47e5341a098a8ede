/**
 * The evaluator compiles a resolved AST into JavaScript closures, one per
 * node: `Code` computes a node's value (weak head normal form) in an
 * environment; `LazyCode` gives it unforced, as a Thunk, or directly when
 * computing it cannot fail or loop (constants, variables, lambdas, list and
 * set literals without dynamic names). Compiling once per file keeps the
 * per-evaluation work to the closures themselves.
 */
import type { Expr, EVar } from "../ast.ts";
import { CatchableError, InfiniteRecursionError } from "../errors.ts";
import { force, NixAttrs, NixPath, Thunk, type Lazy, type Value } from "../value.ts";
import { compileAttrs, compileLet } from "./compile-attrs.ts";
import { compileHas, compileSelect } from "./compile-select.ts";
import { compileCall } from "./compile-call.ts";
import { compileLambda } from "./compile-lambda.ts";
import { compileBinary, compileNeg, compileNot } from "./compile-ops.ts";
import { compileConcat, compilePath } from "./compile-strings.ts";
import { envAt, type Env } from "./env.ts";
import { addFrame, evalError, expectAttrs, expectBool } from "./fail.ts";
import type { EvalState } from "./state.ts";

export type Code = (env: Env) => Value;
export type LazyCode = (env: Env) => Lazy;

export function compile(e: Expr, st: EvalState): Code {
  switch (e.kind) {
    case "int":
    case "float":
    case "str": {
      const v = e.value;
      return () => v;
    }
    case "path":
      return compilePath(e, st);
    case "var":
      return compileVar(e, st);
    case "concat":
      return compileConcat(e, st);
    case "select":
      return compileSelect(e, st);
    case "has":
      return compileHas(e, st);
    case "attrs":
      return compileAttrs(e, st);
    case "list": {
      const items = e.items.map((x) => compileLazy(x, st));
      const n = items.length;
      if (n === 0) return () => [];
      // A loop, not items.map: no closure over env made per evaluation, and the list stays packed.
      return (env) => {
        const out: Lazy[] = [];
        for (let i = 0; i < n; i++) out.push((items[i] as LazyCode)(env));
        return out;
      };
    }
    case "lambda":
      return compileLambda(e, st);
    case "call":
      return compileCall(e, st);
    case "let":
      return compileLet(e, st);
    case "with":
      return compileWith(e, st);
    case "if": {
      const cond = compile(e.cond, st);
      const then = compileOnDemand(e.then, st);
      const els = compileOnDemand(e.else, st);
      const span = e.span;
      return (env) => (expectBool(cond(env), span, "while evaluating a branch condition") ? then.code(env) : els.code(env));
    }
    case "assert": {
      const cond = compile(e.cond, st);
      const body = compile(e.body, st);
      const { text, span } = e;
      return (env) => {
        if (expectBool(cond(env), span, "in the condition of the assert statement")) return body(env);
        throw new CatchableError(`assertion '${text}' failed`, span);
      };
    }
    case "binary":
      return compileBinary(e, st);
    case "not":
      return compileNot(e, st);
    case "neg":
      return compileNeg(e, st);
    case "deferred":
      return compile(e.load(), st);
    case "curpos": {
      const pos = NixAttrs.from({ file: e.span.file, line: BigInt(e.span.line), column: BigInt(e.span.column) });
      return () => pos;
    }
  }
}

/** Code for a node's lazy value: a Thunk unless it can be had directly. */
export function compileLazy(e: Expr, st: EvalState): LazyCode {
  switch (e.kind) {
    case "int":
    case "float":
    case "str": {
      const v = e.value;
      return () => v;
    }
    case "path":
      if (e.style === "plain") {
        const p = new NixPath(e.path);
        return () => p;
      }
      break;
    case "var": {
      const r = e.resolution;
      if (r?.kind === "local") {
        const { level, index } = r;
        // A slot of a let or rec group may still be unfilled while the group is
        // built (a nested set literal referring to a sibling): defer to a thunk then.
        const code = compileVar(e, st);
        const at = index + 1;
        if (level === 0) return (env) => (env[at] as Lazy | undefined) ?? Thunk.deferred(code, env);
        if (level === 1) return (env) => ((env[0] as Env)[at] as Lazy | undefined) ?? Thunk.deferred(code, env);
        return (env) => (envAt(env, level)[at] as Lazy | undefined) ?? Thunk.deferred(code, env);
      }
      if (r?.kind === "global") {
        const g = st.globals.get(e.name) as Lazy;
        return () => g;
      }
      break;
    }
    case "lambda":
    case "list":
      return compile(e, st);
    case "attrs":
      if (e.bindings.dynamic.length === 0) return compile(e, st);
      break;
  }
  const code = compileOnDemand(e, st);
  return (env) => Thunk.deferred(code.code, env);
}

/**
 * Code compiled the first time it runs: most of a large configuration's
 * code (disabled modules' settings, functions nobody calls) never runs,
 * and compiling it would cost time and memory for nothing.
 */
export function compileOnDemand(e: Expr, st: EvalState): OnDemand {
  return new OnDemand(e, st);
}

/**
 * `code` is the node's compiled code once it has run, and until then code
 * that compiles it: callers read `code` at each use, so a Nix call costs
 * no JavaScript frame more than compiled code would (the stack bounds how
 * deep Nix calls may nest). Once compiled, the node is no longer held
 * (the syntax tree of code that ran is garbage, not kept with its code).
 */
export class OnDemand {
  #code: Code;
  constructor(e: Expr, st: EvalState) {
    const first: Code = (env) => {
      // A compile that throws leaves `first` in place, so the next run compiles (and throws) again.
      if (this.#code === first) this.#code = compile(e, st);
      return this.#code(env);
    };
    this.#code = first;
  }

  get code(): Code {
    return this.#code;
  }
}

/** Forces a variable's value; a cycle is reported at the variable. */
function forceAt(v: Lazy, e: EVar): Value {
  if (!(v instanceof Thunk)) return v;
  try {
    return v.force();
  } catch (err) {
    if (err instanceof InfiniteRecursionError && err.location === undefined) throw new InfiniteRecursionError(err.label, e.span);
    throw err;
  }
}

function compileVar(e: EVar, st: EvalState): Code {
  const r = e.resolution;
  if (r === undefined) throw evalError(`undefined variable '${e.name}'`, e.span);
  switch (r.kind) {
    case "local": {
      const { level, index } = r;
      const at = index + 1;
      if (level === 0) return (env) => forceAt(env[at] as Lazy, e);
      if (level === 1) return (env) => forceAt((env[0] as Env)[at] as Lazy, e);
      return (env) => forceAt(envAt(env, level)[at] as Lazy, e);
    }
    case "global": {
      const g = st.globals.get(e.name) as Lazy;
      return () => force(g);
    }
    case "with": {
      const { levels } = r;
      const name = e.name;
      return (env) => {
        for (const level of levels) {
          const set = withSet(envAt(env, level), e);
          const v = set.lazyAt(name, e.span);
          if (v !== undefined) return forceAt(v, e);
        }
        throw evalError(`undefined variable '${name}'`, e.span);
      };
    }
  }
}

/** The set of a `with` environment, forced on the first lookup that reaches it. */
function withSet(env: Env, e: EVar): NixAttrs {
  try {
    return expectAttrs(force(env[1] as Lazy), e.span, "while evaluating the first subexpression of a with expression");
  } catch (err) {
    throw addFrame(err, `while looking up '${e.name}' in a with expression`);
  }
}

function compileWith(e: Expr & { kind: "with" }, st: EvalState): Code {
  const set = compileLazy(e.env, st);
  const body = compile(e.body, st);
  return (env) => body([env, set(env)]);
}
