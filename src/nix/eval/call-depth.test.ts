/**
 * max-call-depth as Nix counts it (compile-lambda.ts): a call is refused
 * when more than max-call-depth calls are running, so a recursion of
 * max-call-depth + 1 nested calls evaluates and one more is "stack
 * overflow; max-call-depth exceeded", whatever the lambda's kind; a
 * builtin's run is a call too (a recursion through foldl' or map nests
 * three calls a level); each evaluator has its own setting; toJSON nests
 * no deeper.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEvaluator, evalExpr, forceDeep, printValue } from "../evaluate.ts";
import { StackOverflowError } from "../value.ts";
import { MAX_CALL_DEPTH } from "../max-call-depth.ts";

function run(src: string, maxCallDepth: number): string {
  try {
    return printValue(forceDeep(evalExpr(src, { file: "/t.nix", maxCallDepth })));
  } catch (e) {
    if (!(e instanceof StackOverflowError)) throw e;
    return `error: ${e.message}`;
  }
}

const OVERFLOW = "error: stack overflow; max-call-depth exceeded";
/** `n` + 1 nested calls of each kind of lambda. */
const NESTED: readonly ((n: number) => string)[] = [
  (n) => `let f = n: if n == 0 then 0 else 1 + f (n - 1); in f ${n}`,
  (n) => `let f = { n, step ? 1 }: if n == 0 then 0 else step + f { n = n - 1; }; in f { n = ${n}; }`,
  (n) => `let f = args@{ n, ... }: if n == 0 then 0 else 1 + f (args // { n = n - 1; }); in f { n = ${n}; }`,
  (n) => `let f = k: n: if n == 0 then 0 else k + f k (n - 1); in f 1 ${n}`,
  (n) => `let f = n: let g = m: m; in if n == 0 then 0 else g 1 + f (n - 1); in f ${n}`,
];

test("max-call-depth + 1 nested calls evaluate and one more overflows, for every kind of lambda", () => {
  for (const depth of [5, 100, 250]) {
    for (const nested of NESTED) {
      assert.equal(run(nested(depth), depth), String(depth), nested(depth));
      assert.equal(run(nested(depth + 1), depth), OVERFLOW, nested(depth + 1));
    }
  }
});

test("a builtin running counts as a call: a recursion through foldl' or map nests three calls a level, as in Nix", () => {
  const through = [
    (n: number) => `let f = n: if n == 0 then 0 else builtins.foldl' (a: b: a + f (n - 1)) 1 [ 0 ]; in f ${n}`,
    (n: number) => `let f = n: if n == 0 then 0 else builtins.head (map (x: x + f (n - 1)) [ 1 ]); in f ${n}`,
  ];
  for (const nested of through) {
    assert.equal(run(nested(10), 30), "10", nested(10));
    assert.equal(run(nested(11), 30), OVERFLOW, nested(11));
  }
});

test("a lambda applying itself forever stops at max-call-depth with Nix's error", () => {
  assert.equal(run("(x: x x) (x: x x)", 100), OVERFLOW);
});

test("each evaluator counts against its own max-call-depth; the default is Nix's 10000", () => {
  const src = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 60";
  const shallow = createEvaluator({ maxCallDepth: 50 });
  const deep = createEvaluator({ maxCallDepth: 70 });
  assert.equal(run(src, 50), OVERFLOW);
  assert.equal(printValue(evalExpr(src, { evaluator: deep })), "60");
  assert.throws(() => evalExpr(src, { evaluator: shallow }), StackOverflowError);
  assert.equal(printValue(evalExpr(src, { evaluator: deep })), "60");
  assert.equal(createEvaluator().state.maxCallDepth, MAX_CALL_DEPTH);
  assert.equal(MAX_CALL_DEPTH, 10000);
});

test("toJSON nests no deeper than max-call-depth", () => {
  const nested = (n: number) => `builtins.toJSON (builtins.foldl' (acc: i: [ acc ]) [ ] (builtins.genList (i: i) ${n}))`;
  assert.equal(run(nested(40), 50), JSON.stringify(JSON.stringify(JSON.parse("[".repeat(41) + "]".repeat(41)))));
  assert.equal(run(nested(80), 50), OVERFLOW);
});
