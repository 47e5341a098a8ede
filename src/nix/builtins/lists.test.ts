/** Tests for the list builtins, `sort` and `genericClosure`: laziness, strictness and error wording. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { force, NixFunction, type Lazy, type Value } from "../value.ts";
import { attr, boom, call, fn, makeWorld, plain, set } from "./test-helpers.ts";

const { b } = makeWorld();
const ints = (...xs: number[]) => xs.map(BigInt);
const inc = fn((x) => (x as bigint) + 1n);
const odd = fn((x) => (x as bigint) % 2n === 1n);

test("map is lazy in the elements", () => {
  const r = call(b("map"), inc, [1n, boom()]) as Lazy[];
  assert.equal(force(r[0] as Lazy), 2n);
  assert.throws(() => force(r[1] as Lazy), { message: "forced" });
  assert.throws(() => call(b("map"), inc, 1n), { message: "expected a list but found an integer: 1" });
});

test("filter, all, any, partition, elem", () => {
  assert.deepEqual(plain(call(b("filter"), odd, ints(1, 2, 3))), ints(1, 3));
  assert.equal(call(b("all"), odd, ints(1, 3)), true);
  assert.equal(call(b("any"), odd, [2n, 3n, boom()]), true);
  assert.deepEqual(plain(call(b("partition"), odd, ints(1, 2, 3))), { right: ints(1, 3), wrong: ints(2) });
  assert.equal(call(b("elem"), 2.0, ints(1, 2)), true);
  assert.throws(() => call(b("filter"), inc, ints(1)), { message: "expected a Boolean but found an integer: 2" });
});

test("foldl' is strict in the accumulator and iterative over long lists", () => {
  const add = fn((a, x) => (a as bigint) + (x as bigint), 2);
  const long = Array.from({ length: 200_000 }, () => 1n);
  assert.equal(call(b("foldl'"), add, 0n, long), 200_000n);
  assert.equal(call(b("foldl'"), add, 5n, []), 5n);
  // The initial value is passed on unforced; each result is forced.
  const second = new NixFunction(() => new NixFunction((x) => force(x)));
  assert.equal(call(b("foldl'"), second, boom(), [1n]), 1n);
  const failing = new NixFunction(() => new NixFunction(() => force(boom("step"))));
  assert.throws(() => call(b("foldl'"), failing, 0n, [1n]), { message: "step" });
});

test("length, head, tail, elemAt and their errors", () => {
  assert.equal(call(b("length"), ints(1, 2)), 2n);
  assert.equal(call(b("head"), ints(7, 8)), 7n);
  assert.deepEqual(plain(call(b("tail"), ints(7, 8))), ints(8));
  assert.equal(call(b("elemAt"), ints(7, 8), 1n), 8n);
  assert.throws(() => call(b("head"), []), { message: "'builtins.head' called on an empty list" });
  assert.throws(() => call(b("tail"), []), { message: "'builtins.tail' called on an empty list" });
  assert.throws(() => call(b("elemAt"), ints(1), 3n), { message: "list index 3 is out of bounds" });
  assert.throws(() => call(b("elemAt"), ints(1), -1n), { message: "list index -1 is out of bounds" });
});

test("concatLists, concatMap, genList", () => {
  assert.deepEqual(plain(call(b("concatLists"), [ints(1), [], ints(2, 3)])), ints(1, 2, 3));
  assert.deepEqual(plain(call(b("concatMap"), fn((x) => [x, x]), ints(1, 2))), ints(1, 1, 2, 2));
  assert.deepEqual(plain(call(b("genList"), inc, 3n)), ints(1, 2, 3));
  assert.deepEqual(call(b("genList"), boom(), 0n), []);
  assert.throws(() => call(b("genList"), inc, -1n), { message: "cannot create list of size -1" });
  assert.throws(() => call(b("concatLists"), [1n]), { message: "expected a list but found an integer: 1" });
});

test("groupBy keeps list order within groups", () => {
  const parity = fn((x) => ((x as bigint) % 2n === 0n ? "even" : "odd"));
  assert.deepEqual(plain(call(b("groupBy"), parity, ints(1, 2, 3, 4))), { even: ints(2, 4), odd: ints(1, 3) });
});

test("sort is stable and uses the given less-than", () => {
  const items = [[2n, "a"], [1n, "b"], [2n, "c"], [1n, "d"], [0n, "e"]].map(([k, v]) => set({ k: k as bigint, v: v as string }));
  const byKey = fn((x, y) => (attr(x, "k") as bigint) < (attr(y, "k") as bigint), 2);
  const sorted = call(b("sort"), byKey, items) as Value[];
  assert.deepEqual(sorted.map((s) => plain(s as Lazy)).map((x) => (x as { v: string }).v), ["e", "b", "d", "a", "c"]);
  const lt = b("lessThan");
  assert.deepEqual(plain(call(b("sort"), lt, ["b", "a", "c"])), ["a", "b", "c"]);
  assert.throws(() => call(b("sort"), lt, [1n, "a"]), { message: "cannot compare a string with an integer" });
});

test("genericClosure walks breadth-first and deduplicates keys with <", () => {
  const op = fn((item) => {
    const k = attr(item, "key") as bigint;
    return k < 4n ? [set({ key: k * 2n }), set({ key: k * 2n + 1n })] : [];
  });
  const r = call(b("genericClosure"), set({ startSet: [set({ key: 1n }), set({ key: 1.0 })], operator: op }));
  assert.deepEqual((plain(r) as { key: bigint }[]).map((x) => x.key), ints(1, 2, 3, 4, 5, 6, 7));
  const missing = set({ startSet: [set({})], operator: op });
  assert.throws(() => call(b("genericClosure"), missing), { message: "attribute 'key' missing" });
  const mixed = set({ startSet: [set({ key: 1n }), set({ key: "a" })], operator: fn(() => []) });
  assert.throws(() => call(b("genericClosure"), mixed), { message: "cannot compare an integer with a string" });
});
