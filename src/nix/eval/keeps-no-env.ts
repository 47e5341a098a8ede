/**
 * Whether evaluating an expression can keep the environment it runs in:
 * only a thunk, a function or a child environment made from it can (a
 * lazy call argument, a lambda, a set, list, let or with). An expression
 * that is evaluated strictly throughout (arithmetic, comparisons, `if`,
 * selection, string interpolation, calls whose arguments are constants or
 * the innermost scope's variables) keeps nothing: once it returns, its
 * environment is garbage, so a call may lend it one that the next call
 * reuses (compile-lambda.ts). Conservative: anything not known to be safe,
 * a deferred subtree included, keeps its environment.
 */
import type { AttrName, Expr } from "../ast.ts";

export function keepsNoEnv(e: Expr): boolean {
  switch (e.kind) {
    case "int":
    case "float":
    case "str":
    case "curpos":
    case "var":
      return true;
    case "path":
      return e.style === "plain";
    case "concat":
      return e.parts.every(keepsNoEnv);
    case "select":
      return keepsNoEnv(e.target) && e.path.every(nameKeepsNoEnv) && (e.fallback === undefined || keepsNoEnv(e.fallback));
    case "has":
      return keepsNoEnv(e.target) && e.path.every(nameKeepsNoEnv);
    case "binary":
      return keepsNoEnv(e.left) && keepsNoEnv(e.right);
    case "not":
    case "neg":
      return keepsNoEnv(e.operand);
    case "if":
      return keepsNoEnv(e.cond) && keepsNoEnv(e.then) && keepsNoEnv(e.else);
    case "assert":
      return keepsNoEnv(e.cond) && keepsNoEnv(e.body);
    case "call":
      return keepsNoEnv(e.fn) && e.args.every(isAtom);
    default:
      return false;
  }
}

function nameKeepsNoEnv(n: AttrName): boolean {
  return "name" in n || keepsNoEnv(n.dyn);
}

/**
 * An argument passed as it is, never as a thunk over the environment: a
 * constant, a global, or a variable of the innermost scope (a call's own
 * argument, always bound while its body runs).
 */
function isAtom(e: Expr): boolean {
  switch (e.kind) {
    case "int":
    case "float":
    case "str":
      return true;
    case "var": {
      const r = e.resolution;
      return r !== undefined && (r.kind === "global" || (r.kind === "local" && r.level === 0));
    }
    default:
      return false;
  }
}
