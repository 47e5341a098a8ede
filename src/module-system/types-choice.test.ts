/**
 * nullOr, either, oneOf and coercedTo: which type merges the definitions,
 * and the errors when definitions mix nulls or fit neither type.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, configOf, declare, errorOf, mkIf, mkOption, optionValue, types } from "./test-support.ts";
import { registerWarningChannel } from "./warnings.ts";

test("nullOr: null when undefined or all null, the inner merge otherwise", () => {
  assert.equal(configOf(declare({ a: mkOption({ type: types.nullOr(types.int) }) })).a, null);
  assert.equal(optionValue(types.nullOr(types.int), null, null), null);
  assert.equal(optionValue(types.nullOr(types.int), 3, 3), 3);
  assert.deepEqual(optionValue(types.nullOr(types.listOf(types.int)), [1], [2]), [2, 1]);
  assert.match(errorOf(() => optionValue(types.nullOr(types.int), 3, 4)).message, /conflicting definition values/);
});

test("nullOr: mixing null and non-null definitions names every file", () => {
  const e = errorOf(() =>
    configOf(declare({ a: mkOption({ type: types.nullOr(types.int) }) }), { _file: "x.nix", a: null }, { _file: "y.nix", a: 1 }, at("z.ts", { a: 7 }, { _file: "z.ts", a: 1 })).a,
  );
  assert.equal(
    e.message,
    "The option `a` is defined both null and not null, in `z.ts:7' and `y.nix' and `x.nix'.",
  );
});

test("nullOr: a value of the wrong type is reported against the whole type", () => {
  const e = errorOf(() => optionValue(types.nullOr(types.int), "x"));
  assert.equal(e.message, "A definition for option `a' is not of type `null or signed integer'. Definition values:\n- In `<unknown-file>': \"x\"");
});

test("either merges with the first type every definition satisfies", () => {
  const t = types.either(types.int, types.listOf(types.int));
  assert.equal(optionValue(t, 1, 1), 1);
  assert.deepEqual(optionValue(t, [1], [2]), [2, 1]);
  assert.equal(optionValue(types.either(types.str, types.lines), "a"), "a");
  assert.match(errorOf(() => optionValue(types.either(types.str, types.lines), "a", "b")).message, /conflicting definition values/);
});

test("either: definitions of neither type, or of different types, are reported together", () => {
  const mixed = errorOf(() => optionValue(types.either(types.int, types.str), 1, "x"));
  assert.equal(
    mixed.message,
    "A definition for option `a' is not of type `signed integer or string'. TypeError: The option `a` is neither a value of type `signed integer` nor `string`, Definition values: \n- In `<unknown-file>': \"x\"\n- In `<unknown-file>': 1",
  );
  const neither = errorOf(() => optionValue(types.either(types.int, types.str), true));
  assert.match(neither.message, /neither a value of type `signed integer` nor `string`, Definition values: \n- In `<unknown-file>': true$/);
});

test("oneOf folds to the left, as nixpkgs describes it", () => {
  const t = types.oneOf([types.int, types.str, types.bool]);
  assert.equal(optionValue(t, true), true);
  assert.equal(optionValue(t, "s"), "s");
  const e = errorOf(() => optionValue(t, 1.5));
  assert.equal(
    e.message,
    "A definition for option `a' is not of type `signed integer or string or boolean'. TypeError: The option `a` is neither a value of type `signed integer or string` nor `boolean`, Definition values: \n- In `<unknown-file>': 1.5",
  );
  assert.throws(() => types.oneOf([]), /at least one type/);
});

test("coercedTo converts values of the source type before merging", () => {
  const t = types.coercedTo(types.str, (s: string) => [s], types.listOf(types.str));
  assert.deepEqual(optionValue(t, "a", ["b"]), ["b", "a"]);
  assert.deepEqual(configOf(declare({ a: mkOption({ type: t }) })).a, []);
  const e = errorOf(() => optionValue(t, 3));
  assert.equal(e.message, "A definition for option `a' is not of type `(list of string) or string convertible to it'. TypeError: Definition values: \n- In `<unknown-file>': 3");
});

test("coercedTo: a coerced value must still fit the final type", () => {
  const t = types.coercedTo(types.int, (n: number) => `port ${n}`, types.listOf(types.str));
  assert.match(errorOf(() => optionValue(t, 80)).message, /TypeError: Definition values: \n- In `<unknown-file>': "port 80"$/);
});

test("mkIf inside nullOr and either definitions", () => {
  assert.equal(optionValue(types.nullOr(types.int), mkIf(false, 1), null), null);
  assert.equal(optionValue(types.either(types.int, types.str), mkIf(true, "on"), mkIf(false, 1)), "on");
});

test("either as a freeform type (no attrsOf) warns and keeps the set it could not check", () => {
  const warnings: string[] = [];
  registerWarningChannel((m) => warnings.push(m));
  for (const freeformType of [types.either(types.int, types.int), types.nullOr(types.number)]) {
    warnings.length = 0;
    assert.equal(configOf({ freeformType }, { port: "eighty" }).port, "eighty");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /^One or more definitions did not pass the type-check of the 'either' type\.\nThe option `` is neither a value of type `signed integer` nor/);
    assert.match(warnings[0] as string, /preceded by an 'attrsOf' such as: `freeformType = types.attrsOf \(types.either t1 t2\)`\.\nOtherwise consider using the correct type for the option ``\.  This will be an error in Nixpkgs 26\.05\.\n$/);
  }
  registerWarningChannel(() => assert.fail("warned"));
  assert.match(errorOf(() => optionValue(types.either(types.int, types.int), "x")).message, /neither a value of type/);
});
