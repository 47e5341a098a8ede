/**
 * nixpkgs' deprecated helpers that lib still lifts to its top level
 * (foldArgs, getValue, checkReqs, innerModifySumArgs,
 * innerClosePropagation, mergeAttrsNoOverride, mergeAttrByFunc,
 * mergeAttrBy, mergeAttrsByFuncDefaults(Clean)) answer in our lib as in
 * nixpkgs' (expressions evaluated with both; lib-vs-nixpkgs.ts). Skips
 * visibly without the nixpkgs.lib copy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, skip } from "./lib-vs-nixpkgs.ts";

const same = (exprs: readonly string[]) => {
  for (const e of exprs) {
    const { real, ours } = compare(e);
    assert.deepEqual(ours, real, e);
  }
};

test("the deprecated argument and attribute-merging helpers", { skip }, () =>
  same([
    `let r = lib.foldArgs (a: b: a // b) (args: { sum = args.a + args.b; passthru.args.old = 1; }) { a = 1; b = 2; } { b = 5; }; in [ r.sum r.passthru.args (r.override { a = 10; }).sum ((r.override (old: { a = old.a * 2; })).sum) ]`,
    `let s = { flags = [ "f" ]; x = 0; }; in [ (lib.getValue s [ ] "x") (lib.getValue s [ ] "f") (lib.getValue s [ [ "y" 3 ] [ "z" 4 ] ] "z") (lib.getValue s [ [ "y" 3 ] ] "w") ]`,
    `lib.getValue { } [ [ "y" ] ] "y"`,
    `lib.getValue { } [ [ ] ] "y"`,
    `let s = { flags = [ "ssl" ]; openssl = true; }; in [ (lib.checkReqs s [ ] [ [ "ssl" "openssl" ] ]) (lib.checkReqs s [ ] [ [ "ssl" "zlib" ] ]) (lib.checkReqs s [ [ "zlib" 1 ] ] [ [ "ssl" "zlib" ] [ "gui" "x11" ] ]) (lib.checkReqs s [ ] [ ]) ]`,
    `lib.checkReqs { a = 1; } [ ] [ [ "a" "b" ] ]`,
    `lib.innerModifySumArgs (a: b: a // { done = true; }) { extra = 1; } { } { a = 1; } { b = 2; } null`,
    `let c = { n = "c"; }; b = { n = "b"; propagatedBuildInputs = [ c ]; }; a = { n = "a"; propagatedNativeBuildInputs = [ b c ]; }; in map (x: x.n) (lib.innerClosePropagation [ ] [ a 1 b c ])`,
    `lib.mergeAttrsNoOverride { } { buildInputs = [ 1 ]; buildPhase = "one"; x = 1; } { buildInputs = [ 2 ]; buildPhase = "two"; y = 2; }`,
    `(lib.mergeAttrsNoOverride { } { x = 1; } { x = 2; }).x`,
    `lib.mergeAttrsNoOverride { mergeLists = [ "l" ]; overrideSnd = [ ]; } { l = [ 1 ]; } { l = [ 2 ]; m = 3; }`,
    `lib.mergeAttrByFunc { buildInputs = [ 1 ]; a = 1; mergeAttrBy.buildInputs = x: y: x ++ y; } { buildInputs = [ 2 ]; b = 2; }`,
    `lib.mergeAttrsByFuncDefaults [ { buildInputs = [ 1 ]; preConfigure = "a"; meta.x = 1; } { buildInputs = [ 2 ]; preConfigure = "b"; meta.y = 2; passthru.p = 1; } ]`,
    `lib.mergeAttrsByFuncDefaultsClean [ { patches = [ "p1" ]; } { patches = [ "p2" ]; postInstall = "i"; } { postInstall = "j"; } ]`,
    `builtins.attrNames lib.mergeAttrBy`,
  ]),
);
