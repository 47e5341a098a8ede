/**
 * List literals against Nix 2.8's nix-instantiate: items stay lazy (an
 * item that throws is not evaluated unless asked for), each evaluation of
 * a literal inside a function makes its own list over its own call's
 * variables, empty lists, nested lists, items of every kind (constants,
 * variables of the scope and of outer scopes, calls, sets), and lists
 * compared, concatenated and sorted. Skipped visibly without
 * nix-instantiate.
 */
import { test } from "node:test";
import { assertSameAsNix } from "./nix-instantiate.ts";

const CASES: readonly string[] = [
  "[ ]",
  "[ [ ] [ [ ] ] ]",
  'builtins.length [ (throw "lazy") (abort "lazy") 3 ]',
  'builtins.elemAt [ (throw "lazy") 2 ] 1',
  "let f = x: [ x (x + 1) [ x ] { inherit x; } ]; in [ (f 1) (f 2) (f 1 == f 1) ]",
  "let g = a: b: [ a b (a * b) ]; l = builtins.genList (i: g i (i + 1)) 5; in [ l (builtins.concatLists l) ]",
  "let x = 1; in let y = 2; in let f = z: [ x y z \"s\" ./. null true 1.5 ]; in builtins.map builtins.typeOf (f 3)",
  "let f = n: if n == 0 then [ ] else [ n ] ++ f (n - 1); in f 10",
  "builtins.sort builtins.lessThan [ 3 1 2 (-1) 10 ]",
  "[ 1 2 ] < [ 1 3 ]",
  "let l = [ 1 2 3 ]; in [ (l == [ 1 2 3 ]) (l ++ [ ] == l) ([ ] ++ l) ]",
];

test("list literals: the same lists as Nix 2.8's nix-instantiate", (t) => {
  assertSameAsNix(t, CASES);
});
