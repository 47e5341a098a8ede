/** Tests for the attribute-set builtins: order, laziness, positions and Nix's error wording. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NixAttrs, NixFunction } from "../value.ts";
import { boom, call, fn, makeWorld, plain, set } from "./test-helpers.ts";

const { b } = makeWorld();

test("attrNames and attrValues follow sorted names; values stay lazy", () => {
  const s = set({ b: 2n, a: 1n, c: boom() });
  assert.deepEqual(call(b("attrNames"), s), ["a", "b", "c"]);
  const values = call(b("attrValues"), s) as unknown[];
  assert.equal(values.length, 3);
  assert.deepEqual(plain(values.slice(0, 2) as never), [1n, 2n]);
  assert.throws(() => call(b("attrNames"), 1n), { message: "expected a set but found an integer: 1" });
});

test("hasAttr and getAttr", () => {
  const s = set({ a: 1n });
  assert.equal(call(b("hasAttr"), "a", s), true);
  assert.equal(call(b("hasAttr"), "b", s), false);
  assert.equal(call(b("getAttr"), "a", s), 1n);
  assert.throws(() => call(b("getAttr"), "x", s), { message: "attribute 'x' missing" });
  assert.throws(() => call(b("hasAttr"), 1n, s), { message: "expected a string but found an integer: 1" });
});

test("removeAttrs ignores absent names; intersectAttrs takes values from the second set", () => {
  assert.deepEqual(plain(call(b("removeAttrs"), set({ a: 1n, b: 2n }), ["a", "z"])), { b: 2n });
  assert.deepEqual(plain(call(b("intersectAttrs"), set({ a: 0n, c: 0n }), set({ a: 1n, b: 2n }))), { a: 1n });
  assert.throws(() => call(b("removeAttrs"), set({}), [1n]), { message: "expected a string but found an integer: 1" });
});

test("listToAttrs: the first name wins, values are lazy, pairs must be complete", () => {
  const pair = (name: string, value: unknown) => set({ name, value: value as never });
  assert.deepEqual(plain(call(b("listToAttrs"), [pair("a", 1n), pair("a", 2n), pair("b", 3n)])), { a: 1n, b: 3n });
  const lazyOne = call(b("listToAttrs"), [pair("x", boom())]) as NixAttrs;
  assert.deepEqual(lazyOne.keys(), ["x"]);
  assert.throws(() => call(b("listToAttrs"), [set({ name: "a" })]), { message: "attribute 'value' missing" });
  assert.throws(() => call(b("listToAttrs"), [set({ value: 1n })]), { message: "attribute 'name' missing" });
});

test("mapAttrs calls f name value lazily and, as Nix, keeps no positions", () => {
  const pos = new Map([["a", { file: "/f.nix", line: 3, column: 5 }]]);
  const s = new NixAttrs(new Map([["a", 1n], ["b", boom()]]), pos);
  const r = call(b("mapAttrs"), fn((n, v) => `${String(n)}=${String(v)}`, 2), s) as NixAttrs;
  assert.equal(r.get("a"), "a=1");
  assert.equal(plain(call(b("unsafeGetAttrPos"), "a", r)), null);
  assert.deepEqual(plain(call(b("unsafeGetAttrPos"), "a", s)), { column: 5n, file: "/f.nix", line: 3n });
  assert.throws(() => r.get("b"), { message: "forced" });
});

test("zipAttrsWith groups values by name in list order", () => {
  const r = call(b("zipAttrsWith"), fn((n, vs) => [n, vs], 2), [set({ a: 1n }), set({ a: 2n, b: 3n })]);
  assert.deepEqual(plain(r), { a: ["a", [1n, 2n]], b: ["b", [3n]] });
});

test("catAttrs collects present attributes only", () => {
  assert.deepEqual(plain(call(b("catAttrs"), "a", [set({ a: 1n }), set({ b: 2n }), set({ a: 3n })])), [1n, 3n]);
  assert.throws(() => call(b("catAttrs"), "a", [2n]), { message: "expected a set but found an integer: 2" });
});

test("functionArgs shows formals and their defaults; {} for plain lambdas and builtins", () => {
  const f = new NixFunction(() => null, { names: new Map([["a", false], ["b", true]]), ellipsis: true });
  assert.deepEqual(plain(call(b("functionArgs"), f)), { a: false, b: true });
  assert.deepEqual(plain(call(b("functionArgs"), fn((x) => x))), {});
  assert.deepEqual(plain(call(b("functionArgs"), b("map"))), {});
  assert.throws(() => call(b("functionArgs"), 1n), { message: "'functionArgs' requires a function" });
});

test("unsafeGetAttrPos is null without a position", () => {
  assert.equal(call(b("unsafeGetAttrPos"), "a", set({ a: 1n })), null);
});
