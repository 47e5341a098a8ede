/**
 * builtins.listToAttrs against Nix 2.8's nix-instantiate: the first pair
 * of a name wins (among a few pairs and among many), names come out in
 * Nix's order whatever order the pairs had, values stay lazy, positions
 * are the pairs' `value`s', and the sets it makes work with `//`, `==`,
 * attrNames, attrValues, mapAttrs, removeAttrs and intersectAttrs as any
 * other set. Skipped visibly without nix-instantiate.
 */
import { test } from "node:test";
import { assertSameAsNix } from "./nix-instantiate.ts";

const PAIRS = (n: number, name: string) => `(builtins.genList (i: { name = ${name}; value = i; }) ${n})`;

const CASES: readonly string[] = [
  'builtins.listToAttrs [ { name = "b"; value = 1; } { name = "a"; value = 2; } { name = "b"; value = 3; } ]',
  "builtins.listToAttrs []",
  `builtins.listToAttrs ${PAIRS(100, '"n${toString (99 - i)}"')}`,
  `let l = ${PAIRS(40, '"k${toString (builtins.div i 2)}"')}; in builtins.listToAttrs (l ++ l)`,
  `builtins.listToAttrs ${PAIRS(30, 'builtins.substring 0 1 (toString i) + "-${toString i}"')}`,
  `builtins.attrNames (builtins.listToAttrs ${PAIRS(25, '"z${toString i}"')})`,
  'builtins.attrNames (builtins.listToAttrs [ { name = "x"; value = throw "lazy"; } { name = "é"; value = 1; } { name = "Z"; value = 2; } ])',
  `let s = builtins.listToAttrs ${PAIRS(20, '"a${toString i}"')}; t = builtins.listToAttrs [ { name = "a3"; value = "t"; } { name = "new"; value = 0; } ]; in [ (s // t) (t // s) (s == s // {}) (builtins.attrValues s) ]`,
  `let s = builtins.listToAttrs ${PAIRS(20, '"a${toString i}"')}; in [ (builtins.mapAttrs (n: v: v * 2) s) (builtins.removeAttrs s [ "a1" "a19" "missing" ]) (builtins.intersectAttrs { a2 = 0; a7 = 0; b = 0; } s) (s.a13 or null) (s ? a20) ]`,
  'let p = builtins.unsafeGetAttrPos; in [ (p "a" (builtins.listToAttrs [ { name = "a";\n value = 1; } ])).line (p "k17" (builtins.listToAttrs (builtins.genList (i: { name = "k${toString i}";\n\n value = i; }) 20))).line ]',
];

test("listToAttrs: the same sets as Nix 2.8's nix-instantiate", (t) => {
  assertSameAsNix(t, CASES);
});
