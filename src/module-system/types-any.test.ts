/**
 * anything, raw, unspecified (mergeDefaultOption), functionTo and uniq.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, configOf, declare, errorOf, evalJs, lib, mkDefault, mkIf, mkOption, optionValue, types, valueAt } from "./test-support.ts";
import { NixFunction, NixString } from "../nix/value.ts";
import { toJS } from "../nix/js-value.ts";
import { mergeDefaultOption } from "./merge-functions.ts";

test("anything merges sets recursively, with priorities and mkIf per attribute", () => {
  const v = optionValue(types.anything, { a: { x: 1 }, s: mkDefault("low") }, { a: { y: 2 }, s: "high", gone: mkIf(false, 1) });
  assert.deepEqual(JSON.parse(JSON.stringify(v)), { a: { x: 1, y: 2 }, s: "high" });
});

test("anything does not concatenate lists: they must be equal", () => {
  assert.deepEqual(optionValue(types.anything, [1, 2], [1, 2]), [1, 2]);
  const e = errorOf(() => optionValue(types.anything, [1], [2]));
  assert.match(e.message, /^The option `a' has conflicting definition values:/);
  const nested = errorOf(() => JSON.stringify(optionValue(types.anything, { l: ["x"] }, { l: ["y"] })));
  assert.match(nested.message, /^The option `a\.l' has conflicting definition values:/);
});

test("anything: definitions of different kinds conflict, naming every file", () => {
  const e = errorOf(() => configOf(declare({ a: mkOption({ type: types.anything }) }), { _file: "one.nix", a: 1 }, at("two.ts", { a: 4 }, { _file: "two.ts", a: "x" })).a);
  assert.equal(e.message, "The option `a' has conflicting option types in `two.ts:4' and `one.nix'");
});

test("anything merges functions by merging their results", () => {
  const f = optionValue(types.anything, (x: number) => ({ double: x * 2 }), (x: number) => ({ triple: x * 3 }));
  assert.deepEqual(JSON.parse(JSON.stringify(f(2))), { double: 4, triple: 6 });
});

test("anything takes a package-like set once", () => {
  const drv = { type: "derivation", name: "hello", outPath: "/nix/store/x-hello" };
  assert.equal(optionValue(types.anything, drv).name, "hello");
  assert.match(errorOf(() => optionValue(types.anything, drv, drv)).message, /expected to be unique/);
});

test("raw takes one definition and never looks inside it", () => {
  const ev = evalJs([declare({ a: mkOption({ type: types.raw }) }), { a: { inner: mkIf("not a bool", 1) } }]);
  assert.equal(valueAt(ev.config, ["a", "inner", "_type"]), "if");
  assert.match(errorOf(() => optionValue(types.raw, 1, 1)).message, /is defined multiple times while it's expected to be unique/);
});

test("unspecified uses mergeDefaultOption", () => {
  assert.deepEqual(optionValue(types.unspecified, [1], [2]), [2, 1]);
  assert.equal(optionValue(types.unspecified, "a", "b"), "ba");
  assert.equal(optionValue(types.unspecified, false, true), true);
  assert.equal(optionValue(types.unspecified, 3, 3), 3);
  assert.deepEqual(JSON.parse(JSON.stringify(optionValue(types.unspecified, { x: 1, y: 1 }, { x: 2 }))), { x: 1, y: 1 });
  assert.equal(optionValue(types.unspecified, (x: number) => [x], (x: number) => [x + 1])(1).join(), "2,1");
  const e = errorOf(() => optionValue(types.unspecified, 3, 4));
  assert.equal(e.message, "Cannot merge definitions of `a'. Definition values:\n- In `<unknown-file>': 4\n- In `<unknown-file>': 3");
  assert.match(errorOf(() => optionValue(types.unspecified, 3, "x")).message, /^Cannot merge definitions of `a'/);
});

test("mergeDefaultOption keeps string context", () => {
  const v = mergeDefaultOption(["a"], [
    { file: "f", value: new NixString("x", new Set(["c1"])) },
    { file: "f", value: "y" },
  ]);
  assert.ok(v instanceof NixString);
  assert.deepEqual([...v.context], ["c1"]);
});

test("functionTo merges the results of every definition as the element type", () => {
  const f = optionValue(types.functionTo(types.listOf(types.str)), (n: string) => [n], (n: string) => [n + "!"]);
  assert.deepEqual(f("hi"), ["hi!", "hi"]);
  const ev = evalJs([declare({ a: mkOption({ type: types.functionTo(types.int) }) }), { a: (x: number) => x }]);
  assert.ok(valueAt(ev.config, ["a"]) instanceof NixFunction);
  const g = toJS(valueAt(ev.config, ["a"])) as (x: unknown) => unknown;
  assert.equal(errorOf(() => g("x")).message, "A definition for option `a.<function body>' is not of type `signed integer'. Definition values:\n- In `<unknown-file>': \"x\"");
  assert.match(errorOf(() => optionValue(types.functionTo(types.int), 3)).message, /is not of type `function that evaluates to a\(n\) signed integer'/);
});

test("uniq allows one definition, then merges as its element type", () => {
  assert.deepEqual(optionValue(types.uniq(types.listOf(types.int)), [1, 2]), [1, 2]);
  const e = errorOf(() => optionValue(types.uniq(types.int), 1, 1));
  assert.equal(
    e.message,
    "The option `a' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `<unknown-file>': 1\n- In `<unknown-file>': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
  );
  assert.equal(configOf(declare({ a: mkOption({ type: types.uniq(types.listOf(types.int)) }) })).a.length, 0);
});

test("unique { message } adds its message to the error", () => {
  const e = errorOf(() => optionValue(lib.types.unique({ message: "Only one package set, please." }, types.attrs), {}, {}));
  assert.match(e.message, /^The option `a' is defined multiple times while it's expected to be unique\.\nOnly one package set, please\.\nDefinition values:/);
});
