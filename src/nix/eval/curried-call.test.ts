import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr, forceDeep, printValue } from "../evaluate.ts";
import { EvalError } from "../errors.ts";

/** The printed value, or the error's message, location and frames. */
function outcome(src: string): string {
  try {
    return printValue(forceDeep(evalExpr(src, { file: "/t.nix" })));
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return JSON.stringify({ message: e.message, location: e.location, context: e.context });
  }
}

/**
 * Each case calls a two-argument lambda both at once (`f a b`, foldl',
 * mapAttrs: FunctionInfo.code2) and one argument at a time (`let g = f a;
 * in g b`, which cannot fuse): the outcomes, errors and their frames
 * included, must be the same.
 */
const CASES: readonly [string, string, string][] = [
  ["f = x: y: x + y;", "f 1 2", "let g = f 1; in g 2"],
  ["f = x: y: x.a + y;", "f { b = 1; } 2", "let g = f { b = 1; }; in g 2"],
  ["f = x: y: y.missing;", "f 1 { }", "let g = f 1; in g { }"],
  ["f = x: { y, z ? x }: [ y z ];", "f 1 { y = 2; }", "let g = f 1; in g { y = 2; }"],
  ["f = x: { y }: y;", "f 1 { q = 2; }", "let g = f 1; in g { q = 2; }"],
  ["f = x: y: z: [ x y z ];", "f 1 2 3", "let g = f 1; h = g 2; in h 3"],
  ["f = x: y: z: w: [ x y z w ];", "f 1 2 3 4", "let g = f 1; h = g 2; i = h 3; in i 4"],
  ["f = x: y: throw \"no \${toString x}\";", "f 1 2", "let g = f 1; in g 2"],
  ["f = x: y: [ x y ];", "f 1 2 3", "let g = f 1; h = g 2; in h 3"],
  ["f = acc: x: acc + x;", "builtins.foldl' f 0 [ 1 2 3 ]", "builtins.foldl' (a: let g = f a; in g) 0 [ 1 2 3 ]"],
  ["f = n: v: n + v;", "builtins.mapAttrs f { a = \"1\"; }", "builtins.mapAttrs (n: let g = f n; in g) { a = \"1\"; }"],
  ["f = a: b: a < b;", "builtins.sort f [ 3 1 2 ]", "builtins.sort (a: let g = f a; in g) [ 3 1 2 ]"],
  ["f = builtins.add;", "f 1 2", "let g = f 1; in g 2"],
  ["f = builtins.foldl';", "f (a: b: a + b) 0 [ 1 2 ]", "let g = f (a: b: a + b); h = g 0; in h [ 1 2 ]"],
  ["f = builtins.foldl' (a: b: a + b);", "f 0 [ 1 \"x\" ]", "let g = f 0; in g [ 1 \"x\" ]"],
  ["f = x: y: x;", "builtins.functionArgs (f 1)", "let g = f 1; in builtins.functionArgs g"],
  ["f = x: y: f x y;", "f 1 2", "let g = f 1; in g 2"],
];

test("a two-argument lambda called with both arguments at once gives what two calls give, errors and frames included", () => {
  for (const [binding, fused, stepwise] of CASES) {
    const a = outcome(`let ${binding} in ${fused}`);
    const b = outcome(`let ${binding} in ${stepwise}`);
    assert.equal(a.replace(/"column":\d+/g, ""), b.replace(/"column":\d+/g, ""), `${binding} ${fused}`);
  }
  assert.equal(outcome("let f = x: y: x + y; in f 1 2"), "3");
});
