/**
 * Control builtins: `throw` (catchable), `abort` (fatal), `tryEval` (catches
 * only throw and failed assert, shallowly), `seq`, `deepSeq` (an explicit
 * stack and a seen-set, so deep or cyclic values neither overflow nor
 * loop), `trace`/`traceVerbose`/`warn` through the context's channels,
 * `addErrorContext` and `break`.
 */
import { CatchableError, EvalError, isCatchable } from "../errors.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { force, NixAttrs, NixString, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { coerceString, forceString, primop } from "./primop.ts";
import { printValue } from "../print-value.ts";

/** Forces a value completely. */
export function deepForce(v: Lazy): void {
  const seen = new Set<object>();
  const stack: Lazy[] = [v];
  while (stack.length > 0) {
    const x = force(stack.pop() as Lazy);
    if (x === null || typeof x !== "object" || x instanceof NixString || seen.has(x)) continue;
    seen.add(x);
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i] as Lazy);
    } else if (x instanceof NixAttrs) {
      const keys = x.keys();
      for (let i = keys.length - 1; i >= 0; i--) stack.push(x.lazy(keys[i] as string) as Lazy);
    }
  }
}

function tryEval(e: Lazy): Value {
  try {
    return NixAttrs.from({ success: true, value: force(e) });
  } catch (err) {
    if (isCatchable(err)) return NixAttrs.from({ success: false, value: false });
    throw err;
  }
}

export function controlBuiltins(ctx: BuiltinContext): Record<string, Value> {
  const message = (v: Lazy, what: string) => coerceString(ctx, v, `while evaluating the error message passed to builtins.${what}`).text;
  return {
    throw: primop("throw", 1, (m) => {
      throw new CatchableError(message(m, "throw"));
    }),
    abort: primop("abort", 1, (m) => {
      throw new EvalError(`evaluation aborted with the following error message: '${message(m, "abort")}'`);
    }),
    tryEval: primop("tryEval", 1, tryEval),
    seq: primop("seq", 2, (a, b) => {
      force(a);
      return force(b);
    }),
    deepSeq: primop("deepSeq", 2, (a, b) => {
      deepForce(a);
      return force(b);
    }),
    trace: primop("trace", 2, (m, v) => {
      const x = force(m);
      ctx.trace(typeof x === "string" ? x : x instanceof NixString ? x.s : printValue(x, { style: "trace" }));
      return force(v);
    }),
    traceVerbose: primop("traceVerbose", 2, (_m, v) => force(v)),
    warn: primop("warn", 2, (m, v) => {
      ctx.warn(forceString(m, "while evaluating the first argument; the message passed to builtins.warn").text);
      return force(v);
    }),
    addErrorContext: primop("addErrorContext", 2, (c, v) => {
      try {
        return force(v);
      } catch (e) {
        if (e instanceof UserError) {
          e.withContext(coerceString(ctx, c, "while evaluating the error message passed to builtins.addErrorContext", { coerceMore: false, copyToStore: false }).text);
        }
        throw e;
      }
    }),
    break: primop("break", 1, (v) => force(v)),
  };
}
