/**
 * More of `lib.debug`: depth-limited traces (`traceSeqN`, `traceValSeqN`,
 * `traceValSeqNFn`, `traceFnSeqN`: the value shown to `depth` levels,
 * deeper lists and sets shown as `[…]` and `{…}`), `traceValSeqFn`,
 * the test helpers `runTests`, `testAllTrue` and `throwTestFailures`,
 * and the builtins `addErrorContext` and `unsafeGetAttrPos`.
 */
import { force, isString, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { deepForce } from "../nix/builtins/control.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixThrow, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";

export function debugExtraLib(env: LibEnv): Record<string, Value> {
  const pretty = (v: Lazy) =>
    text(call(expectAttrs((env.self() as NixAttrs).lazy("generators") as Lazy).lazy("toPretty") as Lazy, attrs({ allowPrettyValues: true }), v));
  const snipped = (depth: number, v: Lazy): Value => {
    const x = force(v);
    if (depth === 0) return Array.isArray(x) || x instanceof NixAttrs ? attrs({ __pretty: fn("const", (_s) => (Array.isArray(x) ? "[…]" : "{…}")), val: x }) : x;
    if (Array.isArray(x)) return x.map((e) => snipped(depth - 1, e));
    if (x instanceof NixAttrs) return new NixAttrs(new Map(x.keys().map((k) => [k, snipped(depth - 1, x.lazy(k) as Lazy)])));
    return x;
  };
  const traceSeqN = (depth: Lazy, x: Lazy, y: Lazy): Value => {
    env.ctx.trace(pretty(snipped(Number(force(depth)), x)));
    return force(y);
  };
  const traceValFn = (f: Lazy, v: Lazy) => {
    const shown = force(call(f, v));
    env.ctx.trace(isString(shown) ? text(shown) : pretty(shown));
    return force(v);
  };
  const failures = (testsL: Lazy) => {
    const tests = expectAttrs(testsL);
    const only = tests.has("tests") ? expectList(tests.lazy("tests") as Lazy).map(text) : [];
    return tests.keys().flatMap((name) => {
      if (!(name.startsWith("test") || only.includes(name)) || (only.length > 0 && !only.includes(name))) return [];
      const t = expectAttrs(tests.lazy(name) as Lazy);
      const [expr, expected] = [force(t.lazy("expr") as Lazy), force(t.lazy("expected") as Lazy)];
      return valuesEqual(expr, expected) ? [] : [attrs({ name, expected, result: expr })];
    });
  };
  return {
    addErrorContext: builtin(env, "addErrorContext"),
    unsafeGetAttrPos: builtin(env, "unsafeGetAttrPos"),
    traceSeqN: fn("traceSeqN", traceSeqN),
    traceValSeqFn: fn("traceValSeqFn", (f, v) => (deepForce(v), traceValFn(f, v))),
    traceValSeqNFn: fn("traceValSeqNFn", (f, depth, v) => traceSeqN(depth, call(f, v), v)),
    traceValSeqN: fn("traceValSeqN", (depth, v) => traceSeqN(depth, v, v)),
    traceFnSeqN: fn("traceFnSeqN", (depth, name, f, v) => {
      const res = call(f, v);
      return traceSeqN(BigInt(Number(force(depth)) + 1), attrs({ fn: name, from: v, to: res }), res);
    }),
    runTests: fn("runTests", failures),
    testAllTrue: fn("testAllTrue", (expr) => attrs({ expr, expected: expectList(expr).map(() => true) })),
    throwTestFailures: fn("throwTestFailures", (a) => {
      const args = expectAttrs(a);
      const fails = expectList(args.lazy("failures") as Lazy).map(expectAttrs);
      if (fails.length === 0) return null;
      for (const f of fails) env.ctx.trace(`FAIL ${pretty(f.lazy("name") as Lazy)}:\nExpected:\n${pretty(f.lazy("expected") as Lazy)}\nResult:\n${pretty(f.lazy("result") as Lazy)}\n`);
      const description = text(args.lazy("description") ?? "tests");
      const json = text(call(builtin(env, "toJSON"), fails));
      return nixThrow(`${fails.length} ${description} failed:\n- ${fails.map((f) => text(f.lazy("name") as Lazy)).join("\n- ")}\n\n${json}`);
    }),
  };
}
