/**
 * Lambdas whose bodies keep no environment are lent one between calls
 * (src/nix/eval/compile-lambda.ts): the same values as Nix 2.8's
 * nix-instantiate when such a lambda is reentered while its environment is
 * lent (through an argument's thunk, through a builtin calling it back,
 * recursively through `x: y:` calls), when a call throws and tryEval goes
 * on, and for the folds and searches of nixpkgs' lib that use them.
 * Skipped visibly without nix-instantiate.
 */
import { test } from "node:test";
import { assertSameAsNix } from "./nix-instantiate.ts";

const CASES: readonly string[] = [
  // The nested call (through x.w's thunk) runs while the outer call's environment is lent; x is read after it.
  "let f = x: x.w + x.v; s = { v = 1; w = f { v = 10; w = 20; }; }; in f s",
  "let f = x: (if x.deep then f x.next else 0) + x.n; in f { deep = true; n = 1; next = { deep = true; n = 2; next = { deep = false; n = 3; }; }; }",
  // Through a builtin calling the same lambda back.
  "let g = x: builtins.length (builtins.filter g2 x) + builtins.head x; g2 = y: y > g3 y; g3 = z: z - 1; in g [ 3 1 2 ]",
  "let f = x: if builtins.isList x then builtins.foldl' h 0 x else x; h = a: b: a + f b; in f [ 1 [ 2 3 [ 4 ] ] 5 ]",
  // x: y: bodies (both calls at once) reentered through foldl' and through an element's thunk.
  "let add = a: b: a + b; l = [ 1 (builtins.foldl' add 10 [ 1 2 ]) 3 ]; in builtins.foldl' add 0 l",
  "let pick = a: b: if b.take then b.v + a else a; in builtins.foldl' pick 0 [ { take = true; v = 1; } { take = true; v = builtins.foldl' pick 100 [ { take = true; v = 5; } ]; } { take = false; v = 9; } ]",
  // A call that throws gives its environment back: the next calls see their own arguments.
  "let f = x: if x == 2 then throw \"two\" else x * 10; in map (x: builtins.tryEval (f x)) [ 1 2 3 ]",
  "let f = x: assert x != 2; x + 1; in [ (builtins.tryEval (f 2)) (f 5) (builtins.tryEval (f 2)).success (f 7) ]",
  // Values made from the argument (a string, a selection) outlive the call.
  "let f = x: \"<${x.name}:${toString x.n}>\"; in map f [ { name = \"a\"; n = 1; } { name = \"b\"; n = 2; } ]",
  "let f = x: x.a; in [ (f { a = [ 1 2 ]; }) (f { a = { b = 3; }; }) ]",
];

test("lambdas lent an environment: the same values as Nix 2.8's nix-instantiate", (t) => {
  assertSameAsNix(t, CASES);
});
