/**
 * mkIf, mkMerge, mkOverride and mkOrder: laziness of conditions, pushing
 * properties down through nested sets, top-level mkIf modules, and list
 * ordering.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, lazy, lib, mkAfter, mkBefore, mkDefault, mkForce, mkIf, mkMerge, mkOption, mkOrder, types, valueAt } from "./test-support.ts";
import { toJS } from "../nix/js-value.ts";

const opts = declare({
  a: mkOption({ type: types.int, default: 0 }),
  b: mkOption({ type: types.int, default: 0 }),
  l: mkOption({ type: types.listOf(types.str), default: [] }),
  nested: { x: mkOption({ type: types.int, default: 0 }), y: mkOption({ type: types.int, default: 0 }) },
});
const boom = () => lazy(() => { throw new Error("forced"); });

test("mkIf false drops its content without forcing it", () => {
  assert.equal(configOf(opts, { a: mkIf(false, boom()) }).a, 0);
  assert.equal(configOf(opts, mkIf(false, { a: boom(), nested: { x: boom() } })).nested.x, 0);
  assert.equal(configOf(opts, { a: mkIf(true, 5) }).a, 5);
});

test("conditions pushed down are evaluated only for the options that need them", () => {
  const c = configOf(opts, mkIf(() => { throw new Error("condition evaluated"); }, { b: 1 }), { a: 2 });
  assert.equal(c.a, 2);
  assert.throws(() => c.b, /condition evaluated/);
});

test("a non-Boolean condition is an error with the definition's file and the option", () => {
  const e = errorOf(() => configOf(opts, { _file: "m.nix", a: mkIf("yes", 1) }).a);
  assert.equal(e.message, "‘mkIf’ called with a non-Boolean condition");
  assert.deepEqual(e.context, ["while evaluating definitions from `m.nix':", "while evaluating the option `a':"]);
});

test("mkMerge splits definitions, at any level and nested", () => {
  const c = configOf(opts, mkMerge([{ a: 1 }, mkIf(true, { b: 2 }), mkMerge([{ nested: { x: 3 } }])]), { l: mkMerge([["p"], mkMerge([["q"], mkIf(false, ["r"])])]) });
  assert.deepEqual([c.a, c.b, c.nested.x, c.l], [1, 2, 3, ["p", "q"]]);
});

test("mkIf and mkOverride over sets are pushed down to every option inside", () => {
  const c = configOf(opts, { nested: mkForce({ x: 1, y: 2 }) }, { nested: { x: 10, y: 20 } }, mkDefault({ a: 7, nested: { x: 99 } }), { a: 8 });
  assert.deepEqual([c.nested.x, c.nested.y, c.a], [1, 2, 8]);
  const d = configOf(opts, mkIf(true, { nested: mkIf(false, { x: 5 }), b: 1 }));
  assert.deepEqual([d.nested.x, d.b], [0, 1]);
});

test("mkIf inside mkForce (or mkOrder) is discharged too", () => {
  assert.equal(configOf(opts, { a: mkForce(mkIf(false, 1)) }, { a: 2 }).a, 2);
  assert.deepEqual(configOf(opts, { l: mkBefore(mkIf(false, ["x"])) }, { l: ["y"] }).l, ["y"]);
});

test("a module that is a top-level mkIf", () => {
  assert.equal(configOf(opts, mkIf(true, { a: 1 })).a, 1);
  assert.equal(configOf(opts, mkIf(false, { a: 1 })).a, 0);
  assert.equal(configOf(opts, ({ config }: { config: { b: number } }) => mkIf(() => config.b === 3, { a: 4 }), { b: 3 }).a, 4);
});

test("mkBefore, mkAfter and mkOrder order list definitions; equal priorities keep their order", () => {
  const c = configOf(opts, { l: ["plain1"] }, { l: mkAfter(["after"]) }, { l: mkOrder(100, ["first"]) }, { l: ["plain2"] }, { l: mkBefore(["before"]) });
  assert.deepEqual(c.l, ["first", "before", "plain2", "plain1", "after"]);
});

test("mkOverride inside mkOrder counts", () => {
  assert.deepEqual(configOf(opts, { l: ["plain"] }, { l: mkAfter(mkForce(["z"])) }, { l: mkForce(["a"]) }).l, ["a", "z"]);
});

test("mkOrder applies within the winning priority only", () => {
  const c = configOf(opts, { l: mkDefault(mkBefore(["low"])) }, { l: mkAfter(["z"]) }, { l: ["a"] });
  assert.deepEqual(c.l, ["a", "z"]);
});

test("mkDefinition names its file at the top of a definition or inside mkMerge/mkIf, but inside an mkOverride it stays a value (as nixpkgs)", () => {
  const flag = declare({ flag: mkOption({ type: types.bool, default: false }) });
  const ev = evalJs([flag, { flag: mkMerge([lib.mkDefinition({ file: "named.nix", value: mkForce(true) })]) }]);
  assert.equal((toJS(ev.config) as { flag: boolean }).flag, true);
  assert.deepEqual(toJS(valueAt(ev.options, ["flag", "files"])), ["named.nix"]);
  const e = errorOf(() => configOf(flag, { flag: mkForce(lib.mkDefinition({ file: "named.nix", value: true })) }).flag);
  assert.match(e.message, /^A definition for option `flag' is not of type `boolean'/);
  const viaDefault = declare({ other: mkOption({ type: types.bool, default: lib.mkDefinition({ file: "named.nix", value: true }) }) });
  assert.match(errorOf(() => configOf(viaDefault).other).message, /^A definition for option `other' is not of type `boolean'/);
});
