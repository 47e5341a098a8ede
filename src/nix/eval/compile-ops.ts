/**
 * Operators. `+` is decided by its
 * first operand (numbers add, a path appends text and stays a path, anything
 * else concatenates strings, copying paths to the store); `-`, `*`, `/` and
 * `<` use the shared arithmetic of ../operators.ts; `&&`, `||` and `->`
 * short-circuit; `//` and `++` are strict in their operands' spines only.
 */
import type { Span } from "../../diagnostics/location.ts";
import type { EBinary, ENeg, ENot, Expr } from "../ast.ts";
import { canonPath } from "../canon-path.ts";
import { concatBytes } from "../byte-string.ts";
import { coerceToString, mkString } from "../coerce.ts";
import { valuesEqual } from "../equality.ts";
import { add, div, lessThan, mul, sub } from "../operators.ts";
import { NixPath, type Lazy, type Value } from "../value.ts";
import { compile, type Code } from "./compile.ts";
import { callValue } from "./compile-call.ts";
import type { Env } from "./env.ts";
import { evalError, expectAttrs, expectBool, typeMismatch } from "./fail.ts";
import { locate } from "./locate.ts";
import type { EvalState } from "./state.ts";

const STRING = { coerceMore: false, copyToStore: true } as const;
const PATH_PART = { coerceMore: false, copyToStore: false } as const;

/** `path + text`: literal concatenation, then canonicalised; store references are refused. */
function appendToPath(base: string, v: Lazy, st: EvalState, span: Span): NixPath {
  const c = coerceToString(v, PATH_PART, st.copyToStore);
  if (c.context.size > 0) throw evalError("a string that refers to a store path cannot be appended to a path", span);
  return new NixPath(canonPath(base + c.text));
}

/** `+`; errors point at the operand that caused them, as Nix's ExprConcatStrings does. */
function plus(l: Value, r: Value, st: EvalState, ls: Span, rs: Span): Value {
  if (typeof l === "bigint" || typeof l === "number") {
    try {
      return add(l, r);
    } catch (err) {
      throw locate(err, rs);
    }
  }
  if (l instanceof NixPath) {
    try {
      return appendToPath(l.path, r, st, rs);
    } catch (err) {
      throw locate(err, rs);
    }
  }
  let a;
  try {
    a = coerceToString(l, STRING, st.copyToStore);
  } catch (err) {
    throw locate(err, ls);
  }
  let b;
  try {
    b = coerceToString(r, STRING, st.copyToStore);
  } catch (err) {
    throw locate(err, rs);
  }
  if (b.context.size === 0) return mkString(concatBytes(a.text, b.text), a.context);
  const context = new Set([...a.context, ...b.context]);
  return mkString(concatBytes(a.text, b.text), context);
}

/** Where an expression starts (a binary node's own span is its operator). */
export function startOf(e: Expr): Span {
  if (e.kind === "binary") return startOf(e.left);
  if (e.kind === "has") return startOf(e.target);
  return e.span;
}

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;

/** Both operands forced left to right, then `op`; its errors get the operator's location. */
function arith(l: Code, r: Code, span: Span, op: (a: Value, b: Value) => Value): Code {
  return (env) => {
    const a = l(env);
    const b = r(env);
    try {
      return op(a, b);
    } catch (err) {
      throw locate(err, span);
    }
  };
}

function bool(code: Code, env: Env, span: Span, frame: string): boolean {
  return expectBool(code(env), span, frame);
}

/**
 * A chain `a + b + c …` (nested to the left) as one loop over its
 * operands, as Nix's flat ExprConcatStrings: however long, it costs no
 * stack to compile or to evaluate. Every operand's errors are located as
 * one `+`'s would be.
 */
function compilePlusChain(e: EBinary, st: EvalState): Code {
  const nodes: EBinary[] = [];
  let x: Expr = e;
  for (; x.kind === "binary" && x.op === "+"; x = x.left) nodes.push(x);
  const first = compile(x, st);
  const ls = startOf(x);
  const steps = nodes.reverse().map((n) => ({ right: compile(n.right, st), rs: startOf(n.right) }));
  return (env) => {
    let a = first(env);
    for (const { right, rs } of steps) {
      const b = right(env);
      if (typeof a === "bigint" && typeof b === "bigint") {
        const sum = a + b;
        if (sum >= INT_MIN && sum <= INT_MAX) {
          a = sum;
          continue;
        }
      }
      a = plus(a, b, st, ls, rs);
    }
    return a;
  };
}

export function compileBinary(e: EBinary, st: EvalState): Code {
  if (e.op === "+") return compilePlusChain(e, st);
  const l = compile(e.left, st);
  const r = compile(e.right, st);
  const { span } = e;
  switch (e.op) {
    case "==":
      return (env) => valuesEqual(l(env), r(env));
    case "!=":
      return (env) => !valuesEqual(l(env), r(env));
    case "<":
      return arith(l, r, span, (a, b) => lessThan(a, b));
    case ">":
      return arith(l, r, span, (a, b) => lessThan(b, a));
    case "<=":
      return arith(l, r, span, (a, b) => !lessThan(b, a));
    case ">=":
      return arith(l, r, span, (a, b) => !lessThan(a, b));
    case "&&":
      return (env) => bool(l, env, span, "in the left operand of the AND (&&) operator") && bool(r, env, span, "in the right operand of the AND (&&) operator");
    case "||":
      return (env) => bool(l, env, span, "in the left operand of the OR (||) operator") || bool(r, env, span, "in the right operand of the OR (||) operator");
    case "->":
      return (env) => !bool(l, env, span, "in the left operand of the IMPL (->) operator") || bool(r, env, span, "in the right operand of the IMPL (->) operator");
    case "//":
      return (env) => {
        const a = expectAttrs(l(env), span, "in the left operand of the update (//) operator");
        return a.update(expectAttrs(r(env), span, "in the right operand of the update (//) operator"));
      };
    case "++":
      return (env) => {
        const a = l(env);
        if (!Array.isArray(a)) throw typeMismatch("a list", a, span).withContext("in the left operand of the list concatenation (++) operator");
        const b = r(env);
        if (!Array.isArray(b)) throw typeMismatch("a list", b, span).withContext("in the right operand of the list concatenation (++) operator");
        return a.length === 0 ? b : b.length === 0 ? a : a.concat(b);
      };
    case "-":
      return arith(l, r, startOf(e), sub);
    case "*":
      return arith(l, r, startOf(e), mul);
    case "/":
      return arith(l, r, startOf(e), div);
    case "|>":
      return (env) => {
        const a = l(env);
        return callValue(r(env), a, span);
      };
    case "<|":
      return (env) => {
        const f = l(env);
        return callValue(f, r(env), span);
      };
  }
}

export function compileNot(e: ENot, st: EvalState): Code {
  const code = compile(e.operand, st);
  const span = e.span;
  return (env) => !expectBool(code(env), span, "in the argument of the not operator");
}

export function compileNeg(e: ENeg, st: EvalState): Code {
  const code = compile(e.operand, st);
  const span = e.span;
  return (env) => {
    try {
      return sub(0n, code(env));
    } catch (err) {
      throw locate(err, span);
    }
  };
}
