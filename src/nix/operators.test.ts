/** Tests for Nix's arithmetic and `<` on forced values (expected wording from C++ Nix). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { add, addBuiltin, compareBytes, div, lessThan, mul, sub } from "./operators.ts";
import { NixAttrs, NixPath } from "./value.ts";

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

test("int arithmetic stays int, anything with a float is a float", () => {
  assert.equal(add(1n, 2n), 3n);
  assert.equal(add(1n, 0.5), 1.5);
  assert.equal(sub(1.5, 1n), 0.5);
  assert.equal(mul(3n, -4n), -12n);
  assert.equal(div(7n, 2n), 3n);
  assert.equal(div(-7n, 2n), -3n);
  assert.equal(div(7n, 2.0), 3.5);
});

test("overflow is an error naming the operands", () => {
  assert.throws(() => add(MAX, 1n), { message: "integer overflow in adding 9223372036854775807 + 1" });
  assert.throws(() => sub(MIN, 1n), { message: "integer overflow in subtracting -9223372036854775808 - 1" });
  assert.throws(() => mul(MAX, 2n), { message: "integer overflow in multiplying 9223372036854775807 * 2" });
  assert.throws(() => div(MIN, -1n), { message: "integer overflow in dividing -9223372036854775808 / -1" });
  assert.equal(add(MAX, -1n), MAX - 1n);
});

test("division by zero, int or float", () => {
  assert.throws(() => div(1n, 0n), { message: "division by zero" });
  assert.throws(() => div(1.0, 0.0), { message: "division by zero" });
});

test("type errors use Nix's wording", () => {
  assert.throws(() => add(1n, "x"), { message: "cannot add a string to an integer" });
  assert.throws(() => add(1.5, null), { message: "cannot add null to a float" });
  assert.throws(() => addBuiltin(1n, "x"), { message: 'expected an integer but found a string: "x"' });
  assert.throws(() => sub(true, 1n), { message: "expected an integer but found a Boolean: true" });
  assert.throws(() => div(1n, "x"), { message: 'expected a float but found a string: "x"' });
});

test("lessThan: numbers, strings, paths, lists", () => {
  assert.equal(lessThan(1n, 1.5), true);
  assert.equal(lessThan(2.5, 2n), false);
  assert.equal(lessThan("a", "b"), true);
  assert.equal(lessThan("b", "ab"), false);
  assert.equal(lessThan(new NixPath("/a"), new NixPath("/b")), true);
  assert.equal(lessThan([1n, 2n], [1n, 3n]), true);
  assert.equal(lessThan([1n], [1n, 0n]), true);
  assert.equal(lessThan([1n, 0n], [1n]), false);
  assert.equal(lessThan([], []), false);
});

test("lessThan refuses other types", () => {
  assert.throws(() => lessThan(NixAttrs.empty, NixAttrs.empty), { message: "cannot compare a set with a set" });
  assert.throws(() => lessThan(1n, "a"), { message: "cannot compare an integer with a string" });
  assert.throws(() => lessThan(true, false), { message: "cannot compare a Boolean with a Boolean" });
});

test("strings compare by UTF-8 bytes, not UTF-16 units", () => {
  assert.equal(compareBytes("\u{ffff}", "\u{10000}"), -1);
  assert.equal(compareBytes("é", "e"), 1);
});
