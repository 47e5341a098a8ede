/** Tests for nix-instantiate's automatic arguments (--arg, --argstr) and attribute paths (-A). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { autoCallFunction, findAlongAttrPath, parseAttrPath } from "./auto-call.ts";
import { evalExpr, forceDeep, printValue } from "./evaluate.ts";
import { NixAttrs } from "./value.ts";

const args = NixAttrs.from({ a: 1n, b: 2n });
const show = (v: unknown) => printValue(forceDeep(v as never));

test("a function with formals gets the arguments it names; with ... all of them; anything else is left as it is", () => {
  assert.equal(show(autoCallFunction(args, evalExpr("{ a, c ? 3 }: [ a c ]"))), "[ 1 3 ]");
  assert.equal(show(autoCallFunction(args, evalExpr("{ a, ... }@all: builtins.attrNames all"))), '[ "a" "b" ]');
  assert.equal(show(autoCallFunction(args, evalExpr("x: x"))), "<LAMBDA>");
  assert.equal(show(autoCallFunction(args, evalExpr("{ __functor = self: { b }: b * 10; }"))), "20");
  assert.equal(show(autoCallFunction(args, evalExpr("[ 1 ]"))), "[ 1 ]");
});

test("a formal without a default and without an argument is Nix's error", () => {
  assert.throws(() => autoCallFunction(args, evalExpr("{ a, missing }: a")), {
    message: /^cannot evaluate a function that has an argument without a value \('missing'\)\nNix attempted to evaluate a function as a top level expression;/,
  });
});

test("an attribute path selects in sets and lists, calling functions on the way", () => {
  assert.deepEqual(parseAttrPath('a."b.c".0'), ["a", "b.c", "0"]);
  assert.deepEqual(parseAttrPath(""), []);
  const root = evalExpr('{ a }: { x = { b }: { "y.z" = [ 10 (a + b) ]; }; }');
  assert.equal(show(findAlongAttrPath('x."y.z".1', args, root)), "3");
  assert.throws(() => findAlongAttrPath("x.y", args, root), { message: "attribute 'y' in selection path 'x.y' not found\nDid you mean y.z?" });
  assert.throws(() => findAlongAttrPath('x."y.z".5', args, root), { message: `list index 5 in selection path 'x."y.z".5' is out of range` });
  assert.throws(() => findAlongAttrPath("x.0", args, root), { message: "the expression selected by the selection path 'x.0' should be a list but is a set" });
  assert.throws(() => findAlongAttrPath('x."y.z".a', args, root), { message: `the expression selected by the selection path 'x."y.z".a' should be a set but is a list` });
  assert.throws(() => findAlongAttrPath('x."y', args, root), { message: `missing closing quote in selection path 'x."y'` });
});
