/** Tests for the type predicates and arithmetic builtins (expected values checked against Nix 2.8 where it agrees with current Nix). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NixAttrs, NixPath } from "../value.ts";
import { call, fn, makeWorld, set } from "./test-helpers.ts";

const { b } = makeWorld();

test("typeOf names every type; builtins are lambdas", () => {
  const cases: [unknown, string][] = [
    [null, "null"], [true, "bool"], [1n, "int"], [1.5, "float"], ["s", "string"],
    [new NixPath("/a"), "path"], [[], "list"], [NixAttrs.empty, "set"], [b("map"), "lambda"],
  ];
  for (const [v, t] of cases) assert.equal(call(b("typeOf"), v as never), t);
});

test("is* predicates; isFunction is false for a __functor set", () => {
  assert.equal(call(b("isInt"), 1n), true);
  assert.equal(call(b("isInt"), 1.0), false);
  assert.equal(call(b("isFloat"), 1.0), true);
  assert.equal(call(b("isString"), "x"), true);
  assert.equal(call(b("isPath"), new NixPath("/x")), true);
  assert.equal(call(b("isNull"), null), true);
  assert.equal(call(b("isAttrs"), NixAttrs.empty), true);
  assert.equal(call(b("isList"), []), true);
  assert.equal(call(b("isBool"), false), true);
  assert.equal(call(b("isFunction"), fn((x) => x)), true);
  assert.equal(call(b("isFunction"), set({ __functor: fn((s) => s) })), false);
});

test("add sub mul div and lessThan as builtins", () => {
  assert.equal(call(b("add"), 1n, 2n), 3n);
  assert.equal(call(b("sub"), 1n, 0.5), 0.5);
  assert.equal(call(b("mul"), 2n, 3n), 6n);
  assert.equal(call(b("div"), -7n, 2n), -3n);
  assert.equal(call(b("lessThan"), "a", "b"), true);
  assert.throws(() => call(b("add"), 1n, "x"), { message: 'expected an integer but found a string: "x"' });
  assert.throws(() => call(b("div"), 1n, 0n), { message: "division by zero" });
});

test("bit operations are on ints only", () => {
  assert.equal(call(b("bitAnd"), 12n, 10n), 8n);
  assert.equal(call(b("bitOr"), 12n, 10n), 14n);
  assert.equal(call(b("bitXor"), 12n, 10n), 6n);
  assert.throws(() => call(b("bitAnd"), 1.0, 2n), { message: "expected an integer but found a float: 1" });
});

test("ceil and floor give ints", () => {
  assert.equal(call(b("ceil"), 1.2), 2n);
  assert.equal(call(b("floor"), -1.5), -2n);
  assert.equal(call(b("ceil"), 3n), 3n);
  assert.throws(() => call(b("floor"), "x"), { message: 'expected a float but found a string: "x"' });
});

test("errors name the builtin being called", () => {
  try {
    call(b("bitOr"), "a", 1n);
    assert.fail("no error");
  } catch (e) {
    assert.deepEqual((e as { context: string[] }).context, [
      "while evaluating the first argument passed to builtins.bitOr",
      "while calling the 'bitOr' builtin",
    ]);
  }
});
