/**
 * Override priorities: the lowest number wins, ties merge, and the option
 * records the winning priority (highestPrio).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, mkDefault, mkForce, mkOption, mkOverride, types, valueAt } from "./test-support.ts";
import { lib } from "./test-support.ts";
import { fromJS, toJS } from "../nix/js-value.ts";

const intOpt = (dflt?: number) => declare({ a: mkOption({ type: types.int, ...(dflt === undefined ? {} : { default: dflt }) }) });
const listOpt = declare({ l: mkOption({ type: types.listOf(types.int), default: [0] }) });

test("mkForce beats plain beats mkDefault beats the option default", () => {
  assert.equal(configOf(intOpt(1)).a, 1);
  assert.equal(configOf(intOpt(1), { a: mkDefault(2) }).a, 2);
  assert.equal(configOf(intOpt(1), { a: mkDefault(2) }, { a: 3 }).a, 3);
  assert.equal(configOf(intOpt(1), { a: mkDefault(2) }, { a: 3 }, { a: mkForce(4) }).a, 4);
  assert.equal(configOf(intOpt(1), { a: mkForce(4) }, { a: 3 }).a, 4);
});

test("definitions of the winning priority merge; the others are dropped", () => {
  assert.deepEqual(configOf(listOpt, { l: [1] }, { l: [2] }).l, [2, 1]);
  assert.deepEqual(configOf(listOpt, { l: mkDefault([1]) }, { l: mkDefault([2]) }).l, [2, 1]);
  assert.deepEqual(configOf(listOpt, { l: mkDefault([1]) }).l, [1]);
  assert.deepEqual(configOf(listOpt, { l: mkForce([9]) }, { l: [1] }, { l: mkForce([8]) }).l, [8, 9]);
});

test("dropped definitions are never checked", () => {
  assert.equal(configOf(intOpt(), { a: "not an int" }, { a: mkForce(1) }).a, 1);
});

test("mkOverride takes arbitrary numbers, the lowest winning", () => {
  assert.equal(configOf(intOpt(), { a: mkOverride(10, 1) }, { a: mkOverride(9, 2) }, { a: mkOverride(11, 3) }).a, 2);
  assert.equal(configOf(intOpt(), { a: mkOverride(1400, 1) }, { a: mkDefault(2) }).a, 2);
  assert.equal(configOf(intOpt(0), { a: mkOverride(1499, 1) }).a, 1);
});

test("options expose highestPrio, isDefined and the surviving definitions", () => {
  const ev = evalJs([intOpt(1), { a: mkDefault(2) }, declare({ b: mkOption({ type: types.int }) })]);
  const opt = (name: string, field: string) => valueAt(ev.options, [name, field]);
  assert.equal(opt("a", "highestPrio"), 1000n);
  assert.equal(opt("a", "isDefined"), true);
  assert.equal(opt("b", "highestPrio"), 9999n);
  assert.equal(opt("b", "isDefined"), false);
  const defaultOnly = evalJs([intOpt(1)]);
  assert.equal(valueAt(defaultOnly.options, ["a", "highestPrio"]), 1500n);
  const forced = evalJs([intOpt(1), { a: mkForce(5) }]);
  assert.equal(valueAt(forced.options, ["a", "highestPrio"]), 50n);
});

test("named priorities match nixpkgs", () => {
  const prio = (v: unknown) => (toJS(fromJS(v)) as { priority: number }).priority;
  assert.equal(prio(lib.mkForce(1)), 50);
  assert.equal(prio(lib.mkDefault(1)), 1000);
  assert.equal(prio(lib.mkOptionDefault(1)), 1500);
  assert.equal(prio(lib.mkBefore(1)), 500);
  assert.equal(prio(lib.mkAfter(1)), 1500);
});

test("a conflict only involves the definitions of the winning priority", () => {
  const e = errorOf(() => configOf(intOpt(0), { a: mkDefault(5) }, { a: 1 }, { a: 2 }).a);
  assert.equal(
    e.message,
    "The option `a' has conflicting definition values:\n- In `<unknown-file>': 2\n- In `<unknown-file>': 1\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
  );
});
