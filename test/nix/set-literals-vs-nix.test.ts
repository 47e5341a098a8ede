/**
 * Set literals and `let` evaluated by our evaluator and by Nix 2.8's
 * nix-instantiate give the same values: plain and `rec` sets, siblings
 * referred to before they are bound, `inherit` from the enclosing scope and
 * from a source (evaluated once), dynamic names (with `null` skipped, in
 * plain and `rec` sets), and the positions unsafeGetAttrPos reports for
 * static and dynamic names. Skipped visibly without nix-instantiate.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertSameAsNix, ours } from "./nix-instantiate.ts";

const CASES: readonly string[] = [
  "rec { a = 1; b = a; c = { d = b; e = [ a b ]; }; f = c.d + 1; }",
  "rec { z = y; y = x; x = { v = 3; }; w = z.v; }",
  "let s = { x = 1; y = 2; q = 9; }; in { inherit (s) x y; z = 3; }",
  "let x = 5; in rec { inherit x; y = x + 1; }",
  "let x = 5; s = rec { x = 6; inherit (s2) y; }; s2 = { y = x; }; in s",
  "let n = \"b\"; in { a = 1; ${n} = 2; \"c${n}\" = 3; ${null} = 4; }",
  "rec { a = 1; ${\"b\"} = a + 1; c = a * 10; }",
  "let a = 1; b = a + 1; c = { inherit a b; }; in [ c (let inherit (c) a; in a) ]",
  "let f = n: { k = n; ${toString n} = n; }; in map f [ 1 2 3 ]",
  "let p = builtins.unsafeGetAttrPos; in [ (p \"y\" { x = 1;\n  y = 2; }).line (p \"y\" { x = 1;\n  y = 2; }).column (p \"b\" (let n = \"b\"; in { a = 1;\n   ${n} = 2; })).line (p \"a\" (let n = \"b\"; in { ${n} = 2;\n   z = 0;\n    a = 1; })).line (p \"x\" (rec { x = 1;\n\n y = x; })).line ]",
  "let s = { b = 1; a = 2; c = 3; }; in builtins.attrNames s ++ builtins.attrValues s",
];

test("set literals and let: the same values as Nix 2.8's nix-instantiate", (t) => {
  assertSameAsNix(t, CASES);
});

test("a dynamic name bound twice, or a static name again, is an error at the second binding", () => {
  const twice = ours('let n = "a"; in { ${n} = 1;\n  ${n} = 2; }');
  assert.equal(twice.ok, false);
  assert.match(twice.ok ? "" : twice.stderr, /dynamic attribute 'a' already defined at .*t\.nix:1:19/);
  const again = ours('let n = "a"; in rec { a = 1;\n ${n} = 2; }');
  assert.match(again.ok ? "" : again.stderr, /dynamic attribute 'a' already defined at .*t\.nix:1:23/);
});
