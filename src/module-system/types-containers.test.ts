/**
 * listOf, attrsOf, lazyAttrsOf and attrs: concatenation, per-element and
 * per-attribute mkIf and priorities, which keys exist, and laziness.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { declare, errorOf, evalJs, lazy, mkDefault, mkForce, mkIf, mkOption, optionValue, types, valueAt } from "./test-support.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";

test("listOf concatenates every definition (later modules first)", () => {
  assert.deepEqual(optionValue(types.listOf(types.int), [1, 2], [3]), [3, 1, 2]);
  assert.deepEqual(optionValue(types.listOf(types.str), []), []);
});

test("listOf drops elements whose mkIf is false", () => {
  assert.deepEqual(optionValue(types.listOf(types.int), [1, mkIf(false, 2), mkIf(true, 3)]), [1, 3]);
});

test("listOf checks each element, naming it by definition and entry", () => {
  const e = errorOf(() => optionValue(types.listOf(types.int), [1, "x"]));
  assert.equal(e.message, "A definition for option `a.\"[definition 1-entry 2]\"' is not of type `signed integer'. Definition values:\n- In `<unknown-file>': \"x\"");
  const whole = errorOf(() => optionValue(types.listOf(types.int), 5));
  assert.equal(whole.message, "A definition for option `a' is not of type `list of signed integer'. TypeError: Definition values: \n- In `<unknown-file>': 5");
});

test("listOf merges each element only when it is read", () => {
  // Deciding which elements exist forces each to its head (to see an mkIf), as nixpkgs.
  const ev = evalJs([declare({ a: mkOption({ type: types.listOf(types.lazyAttrsOf(types.int)) }) }), { a: [{ x: 1 }, "not a set", { y: lazy(() => { throw new Error("forced"); }) }] }]);
  const list = valueAt(ev.config, ["a"]) as Lazy[];
  assert.equal(list.length, 3);
  assert.equal(valueAt(force(list[0] as Lazy), ["x"]), 1n);
  assert.match(errorOf(() => force(list[1] as Lazy)).message, /^A definition for option `a\."\[definition 1-entry 2\]"' is not of type/);
  assert.deepEqual((force(list[2] as Lazy) as NixAttrs).keys(), ["y"]);
});

test("an undefined listOf or attrsOf option is empty", () => {
  assert.deepEqual(evalJsConfig({ l: mkOption({ type: types.listOf(types.int) }), s: mkOption({ type: types.attrsOf(types.int) }) }), { l: [], s: {} });
});

function evalJsConfig(options: Record<string, unknown>, ...defs: unknown[]) {
  const ev = evalJs([declare(options), ...defs]);
  return JSON.parse(JSON.stringify(toPlain(ev.config)));
}

function toPlain(v: Lazy): unknown {
  const f = force(v);
  if (f instanceof NixAttrs) return Object.fromEntries(f.keys().map((k) => [k, toPlain(f.lazy(k) as Lazy)]));
  if (Array.isArray(f)) return f.map(toPlain);
  return typeof f === "bigint" ? Number(f) : f;
}

test("attrsOf merges per attribute: priorities apply to each key on its own", () => {
  const v = optionValue(types.attrsOf(types.int), { x: 1, y: mkDefault(2) }, { y: 3, z: mkForce(4) }, { z: 5 });
  assert.deepEqual({ ...v }, { x: 1, y: 3, z: 4 });
});

test("attrsOf drops keys whose definitions are all mkIf false", () => {
  const v = optionValue(types.attrsOf(types.int), { x: 1, gone: mkIf(false, 2) });
  assert.deepEqual(Object.keys(v), ["x"]);
  assert.deepEqual(Object.keys(optionValue(types.attrsOf(types.int), mkIf(false, { y: 1 }), { x: 1 })), ["x"]);
});

test("attrsOf reports a conflict on one attribute with its full path", () => {
  const e = errorOf(() => optionValue(types.attrsOf(types.str), { k: "a" }, { k: "b" }).k);
  assert.match(e.message, /^The option `a\.k' has conflicting definition values:/);
});

test("lazyAttrsOf keeps keys without deciding their mkIf, and values stay lazy", () => {
  const ev = evalJs([
    declare({ a: mkOption({ type: types.lazyAttrsOf(types.int) }), n: mkOption({ type: types.lazyAttrsOf(types.nullOr(types.int)) }) }),
    { a: { x: mkIf(false, 1), y: lazy(() => { throw new Error("forced"); }) }, n: { x: mkIf(false, 1) } },
  ]);
  const a = valueAt(ev.config, ["a"]) as NixAttrs;
  assert.deepEqual(a.keys(), ["x", "y"]);
  assert.match(errorOf(() => a.get("x")).message, /^The option `a\.x' was accessed but has no value defined/);
  assert.equal(valueAt(ev.config, ["n", "x"]), null);
  assert.throws(() => a.get("y"), /forced/);
});

test("attrs is a shallow merge where later definitions win", () => {
  const v = optionValue(types.attrs, { a: { deep: 1 }, b: 1 }, { a: { other: 2 } });
  assert.deepEqual(Object.keys(v).sort(), ["a", "b"]);
  assert.deepEqual(Object.keys(v.a), ["deep"]);
  assert.deepEqual(Object.keys(optionValue(types.attrs)), []);
});

test("nested container descriptions follow nixpkgs' parenthesising", () => {
  const descOf = (t: unknown) => errorOf(() => optionValue(t, 1.5)).message.match(/is not of type `(.*)'\./)?.[1];
  assert.equal(descOf(types.listOf(types.listOf(types.int))), "list of list of signed integer");
  assert.equal(descOf(types.listOf(types.nullOr(types.str))), "list of (null or string)");
  assert.equal(descOf(types.attrsOf(types.submodule({}))), "attribute set of (submodule)");
  assert.equal(descOf(types.lazyAttrsOf(types.attrs)), "lazy attribute set of (attribute set)");
  assert.equal(descOf(types.nullOr(types.either(types.int, types.str))), "null or signed integer or string");
});
