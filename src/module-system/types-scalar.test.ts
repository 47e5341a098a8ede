/**
 * bool, int and its ranges, port, float, number: what each accepts, and
 * that equal definitions merge while different ones conflict.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { errorOf, optionValue, types } from "./test-support.ts";
import { typeFromValue } from "./types/option-type.ts";
import { fromJS } from "../nix/js-value.ts";
import type { Value } from "../nix/value.ts";

const check = (t: unknown, v: Value) => typeFromValue(fromJS(t), "t").check(v);
const desc = (t: unknown) => typeFromValue(fromJS(t), "t").description;

test("bool accepts booleans only; equal definitions merge, different ones conflict", () => {
  assert.equal(check(types.bool, true), true);
  assert.equal(check(types.bool, 1n), false);
  assert.equal(check(types.bool, "true"), false);
  assert.equal(optionValue(types.bool, true, true), true);
  assert.match(errorOf(() => optionValue(types.bool, true, false)).message, /^The option `a' has conflicting definition values:/);
});

test("boolByOr merges with or", () => {
  assert.equal(optionValue(types.boolByOr, false, true, false), true);
  assert.equal(optionValue(types.boolByOr, false, false), false);
});

test("int accepts Nix integers, not floats or strings", () => {
  assert.equal(check(types.int, 3n), true);
  assert.equal(check(types.int, -3n), true);
  assert.equal(check(types.int, 3.5), false);
  assert.equal(check(types.int, "3"), false);
  assert.equal(optionValue(types.int, 7, 7), 7);
  assert.match(errorOf(() => optionValue(types.int, 7, 8)).message, /conflicting definition values/);
});

test("ints.between is inclusive and described as nixpkgs does", () => {
  const t = types.ints.between(0, 100);
  assert.equal(check(t, 0n), true);
  assert.equal(check(t, 100n), true);
  assert.equal(check(t, -1n), false);
  assert.equal(check(t, 101n), false);
  assert.equal(desc(t), "integer between 0 and 100 (both inclusive)");
  assert.throws(() => types.ints.between(5, 1), /lowest must be smaller than highest/);
});

test("ints.unsigned and ints.positive", () => {
  assert.equal(check(types.ints.unsigned, 0n), true);
  assert.equal(check(types.ints.unsigned, -1n), false);
  assert.equal(check(types.ints.positive, 0n), false);
  assert.equal(check(types.ints.positive, 1n), true);
  assert.equal(desc(types.ints.unsigned), "unsigned integer, meaning >=0");
  assert.equal(desc(types.ints.positive), "positive integer, meaning >0");
});

test("sized ints: u8, u16, u32, s8, s16, s32 with their bounds", () => {
  const cases: [unknown, bigint, bigint, string][] = [
    [types.ints.u8, 0n, 255n, "8 bit unsigned integer; between 0 and 255 (both inclusive)"],
    [types.ints.u16, 0n, 65535n, "16 bit unsigned integer; between 0 and 65535 (both inclusive)"],
    [types.ints.u32, 0n, 4294967295n, "32 bit unsigned integer; between 0 and 4294967295 (both inclusive)"],
    [types.ints.s8, -128n, 127n, "8 bit signed integer; between -128 and 127 (both inclusive)"],
    [types.ints.s16, -32768n, 32767n, "16 bit signed integer; between -32768 and 32767 (both inclusive)"],
    [types.ints.s32, -2147483648n, 2147483647n, "32 bit signed integer; between -2147483648 and 2147483647 (both inclusive)"],
  ];
  for (const [t, lo, hi, description] of cases) {
    assert.equal(check(t, lo), true, description);
    assert.equal(check(t, hi), true, description);
    assert.equal(check(t, lo - 1n), false, description);
    assert.equal(check(t, hi + 1n), false, description);
    assert.equal(desc(t), description);
  }
});

test("port is a 16 bit unsigned integer", () => {
  assert.equal(check(types.port, 22n), true);
  assert.equal(check(types.port, 65536n), false);
  assert.equal(optionValue(types.port, 8080), 8080);
  const e = errorOf(() => optionValue(types.port, 70000));
  assert.equal(
    e.message,
    "A definition for option `a' is not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'. Definition values:\n- In `<unknown-file>': 70000",
  );
});

test("float accepts floats only", () => {
  assert.equal(check(types.float, 1.5), true);
  assert.equal(check(types.float, 1n), false);
  assert.equal(optionValue(types.float, 0.5, 0.5), 0.5);
  assert.match(errorOf(() => optionValue(types.float, 0.5, 0.25)).message, /conflicting definition values/);
});

test("number is int or float; definitions merge only when of the same kind", () => {
  assert.equal(check(types.number, 1n), true);
  assert.equal(check(types.number, 1.5), true);
  assert.equal(check(types.number, "1"), false);
  assert.equal(desc(types.number), "signed integer or floating point number");
  assert.equal(optionValue(types.number, 2.5), 2.5);
  assert.equal(optionValue(types.number, 2, 2), 2);
  const e = errorOf(() => optionValue(types.number, 2, 2.5));
  assert.match(e.message, /is neither a value of type `signed integer` nor `floating point number`/);
});
