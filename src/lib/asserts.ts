/**
 * `lib.asserts` (assertMsg, assertOneOf, assertEachOneOf, checkAssertWarn)
 * and `lib.debug`'s tracing (trace, traceIf, traceVal, traceSeq, …). A
 * failed assertion is a catchable `throw`; traces go to the context's
 * trace channel.
 */
import { force, isString, stringText, type Lazy, type Value } from "../nix/value.ts";
import { fn, call } from "./fn.ts";
import { expectAttrs, expectBool, expectList, nixThrow, text } from "../nix/expect.ts";
import { elem } from "./lists.ts";
import { deepForce } from "../nix/builtins/control.ts";
import { toPretty } from "../module-system/pretty.ts";
import type { LibEnv } from "./lib-context.ts";

const pretty = (v: Lazy) => toPretty(v, "", 0, { depthLimit: Infinity });

export function assertsLib(env: LibEnv): Record<string, Value> {
  const { ctx } = env;
  const show = (v: Lazy) => {
    const x = force(v);
    return isString(x) ? stringText(x) : pretty(x);
  };
  const trace = (msg: Lazy, v: Lazy) => {
    ctx.trace(show(msg));
    return force(v);
  };
  return {
    assertMsg: fn("assertMsg", (pred, msg) => expectBool(pred) || nixThrow(text(msg))),
    assertOneOf: fn("assertOneOf", (name, val, xs) =>
      elem(val, expectList(xs)) || nixThrow(`${text(name)} must be one of ${pretty(xs)}, but is: ${pretty(val)}`),
    ),
    assertEachOneOf: fn("assertEachOneOf", (name, vals, xs) =>
      expectList(vals).every((v) => elem(v, expectList(xs))) ||
      nixThrow(`each element in ${text(name)} must be one of ${pretty(xs)}, but is: ${pretty(vals)}`),
    ),
    checkAssertWarn: fn("checkAssertWarn", (assertions, warnings, val) => {
      const failed = expectList(assertions)
        .map(expectAttrs)
        .filter((a) => !expectBool(a.get("assertion") ?? false))
        .map((a) => text(a.get("message") ?? ""));
      if (failed.length > 0) nixThrow(`\nFailed assertions:\n${failed.map((m) => `- ${m}`).join("\n")}`);
      for (const w of expectList(warnings)) ctx.warn(text(w));
      return force(val);
    }),
    trace: fn("trace", trace),
    traceIf: fn("traceIf", (pred, msg, v) => (expectBool(pred) ? trace(msg, v) : force(v))),
    traceVal: fn("traceVal", (v) => trace(v, v)),
    traceValFn: fn("traceValFn", (f, v) => trace(call(f, v), v)),
    traceSeq: fn("traceSeq", (x, y) => (deepForce(x), trace(force(x), y))),
    traceValSeq: fn("traceValSeq", (v) => (deepForce(v), trace(force(v), v))),
  };
}
