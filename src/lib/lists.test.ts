/**
 * lib.lists through the value model: folds (and their laziness), indexed
 * maps, searching, ranges, slicing, sorting, uniqueness, grouping and
 * toposort.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, jsFn, run } from "./test-support.ts";
import { force, Thunk, type Lazy } from "../nix/value.ts";
import { fn } from "./fn.ts";

const lt = jsFn((a: number, b: number) => a < b);
const even = jsFn((x: number) => x % 2 === 0);
const boom = (): Lazy => new Thunk(() => { throw new Error("forced"); });

test("folds: foldr from the right, foldl from the left, foldl' strictly", () => {
  const pair = jsFn((a: unknown, b: unknown) => [a, b]);
  assert.deepEqual(run("foldr", pair, "z", [1, 2]), [1, [2, "z"]]);
  assert.deepEqual(run("foldl", pair, "z", [1, 2]), [["z", 1], 2]);
  assert.deepEqual(run("foldl'", pair, "z", [1, 2]), [["z", 1], 2]);
  assert.equal(run("fold", jsFn((a: number, b: number) => a + b), 0, [1, 2, 3]), 6);
});

test("foldr is lazy in the accumulator: an operator that ignores it stops early", () => {
  const first = fn("first", (x, _acc) => force(x));
  assert.equal(force(call("foldr", first, boom(), [1n, boom()]) as Lazy), 1n);
});

test("map-like functions keep elements lazy", () => {
  const list = call("map", jsFn((x: number) => x + 1), [1, boom()]) as Lazy[];
  assert.equal(force(list[0] as Lazy), 2n);
  assert.throws(() => force(list[1] as Lazy), /forced/);
  assert.deepEqual(run("imap0", jsFn((i: number, x: string) => `${i}${x}`), ["a", "b"]), ["0a", "1b"]);
  assert.deepEqual(run("imap1", jsFn((i: number, x: string) => `${i}${x}`), ["a", "b"]), ["1a", "2b"]);
  assert.deepEqual(run("forEach", [1, 2], jsFn((x: number) => x * 10)), [10, 20]);
});

test("concatMap, flatten, concatLists, optional(s), toList, singleton", () => {
  assert.deepEqual(run("concatMap", jsFn((x: number) => [x, x]), [1, 2]), [1, 1, 2, 2]);
  assert.deepEqual(run("flatten", [1, [2, [3, []]], 4]), [1, 2, 3, 4]);
  assert.deepEqual(run("concatLists", [[1], [], [2, 3]]), [1, 2, 3]);
  assert.deepEqual([run("optional", true, 1), run("optional", false, 1)], [[1], []]);
  assert.deepEqual([run("optionals", true, [1, 2]), run("optionals", false, [1])], [[1, 2], []]);
  assert.deepEqual([run("toList", 1), run("toList", [1]), run("singleton", "x")], [[1], [1], ["x"]]);
});

test("searching: elem, findFirst, findFirstIndex, findSingle, any, all, count, remove", () => {
  assert.deepEqual([run("elem", 2, [1, 2]), run("elem", "2", [1, 2])], [true, false]);
  assert.deepEqual([run("findFirst", even, "none", [1, 4, 6]), run("findFirst", even, "none", [1])], [4, "none"]);
  assert.deepEqual([run("findFirstIndex", even, null, [1, 4]), run("findFirstIndex", even, null, [1])], [1, null]);
  assert.deepEqual([run("findSingle", even, "none", "many", [2]), run("findSingle", even, "none", "many", [2, 4])], [2, "many"]);
  assert.deepEqual([run("any", even, [1, 2]), run("all", even, [2, 3]), run("count", even, [2, 4, 5])], [true, false, 2]);
  assert.deepEqual(run("remove", 2, [1, 2, 3, 2]), [1, 3]);
  assert.deepEqual(run("filter", even, [1, 2, 3, 4]), [2, 4]);
});

test("head, tail, last, init, elemAt, length and their errors", () => {
  assert.deepEqual([run("head", [1, 2]), run("tail", [1, 2]), run("last", [1, 2]), run("init", [1, 2])], [1, [2], 2, [1]]);
  assert.deepEqual([run("elemAt", ["a", "b"], 1), run("length", [1, 2, 3])], ["b", 3]);
  assert.throws(() => call("last", []), /lists.last: list must not be empty!/);
  assert.throws(() => call("elemAt", [1], 3), /list index 3 is out of bounds/);
});

test("range, replicate, genList, take, drop, sublist, reverseList, zipListsWith", () => {
  assert.deepEqual([run("range", 2, 4), run("range", 3, 1)], [[2, 3, 4], []]);
  assert.deepEqual(run("replicate", 2, "x"), ["x", "x"]);
  assert.deepEqual(run("genList", jsFn((i: number) => i * i), 3), [0, 1, 4]);
  assert.deepEqual([run("take", 2, [1, 2, 3]), run("drop", 2, [1, 2, 3]), run("sublist", 1, 5, [1, 2, 3])], [[1, 2], [3], [2, 3]]);
  assert.deepEqual([run("takeEnd", 1, [1, 2]), run("dropEnd", 1, [1, 2])], [[2], [1]]);
  assert.deepEqual(run("reverseList", [1, 2, 3]), [3, 2, 1]);
  assert.deepEqual(run("zipListsWith", jsFn((a: number, b: number) => a + b), [1, 2, 3], [10, 20]), [11, 22]);
  assert.deepEqual(run("zipLists", [1], ["a"]), [{ fst: 1, snd: "a" }]);
});

test("sort is stable; sortOn computes keys; compareLists", () => {
  const byFirst = jsFn((a: number[], b: number[]) => (a[0] as number) < (b[0] as number));
  assert.deepEqual(run("sort", byFirst, [[2, 1], [1, 1], [2, 2], [1, 2]]), [[1, 1], [1, 2], [2, 1], [2, 2]]);
  assert.deepEqual(run("sort", lt, [3, 1, 2]), [1, 2, 3]);
  assert.deepEqual(run("sortOn", jsFn((s: string) => s.length), ["ccc", "a", "bb"]), ["a", "bb", "ccc"]);
  const cmp = call("compare");
  assert.deepEqual([run("compareLists", cmp, [1, 2], [1, 3]), run("compareLists", cmp, [1], [1, 0]), run("compareLists", cmp, [2], [1, 9])], [-1, -1, 1]);
});

test("unique, allUnique, set operations, partition, groupBy", () => {
  assert.deepEqual(run("unique", [3, 1, 3, 2, 1]), [3, 1, 2]);
  assert.deepEqual([run("allUnique", [1, 2]), run("allUnique", [1, 1])], [true, false]);
  assert.deepEqual(run("uniqueStrings", ["b", "a", "b"]), ["a", "b"]);
  assert.deepEqual([run("intersectLists", [1, 2], [2, 3]), run("subtractLists", [1, 2], [2, 3])], [[2], [3]]);
  assert.deepEqual([run("mutuallyExclusive", [1], [2]), run("mutuallyExclusive", [1], [1])], [true, false]);
  assert.deepEqual(run("partition", even, [1, 2, 3, 4]), { right: [2, 4], wrong: [1, 3] });
  const parity = jsFn((x: number) => (x % 2 === 0 ? "even" : "odd"));
  assert.deepEqual(run("groupBy", parity, [1, 2, 3]), { even: [2], odd: [1, 3] });
  assert.deepEqual(run("groupBy'", jsFn((a: number, b: number) => a + b), 0, parity, [1, 2, 3]), { even: 2, odd: 4 });
});

test("toposort orders by a before relation and reports a cycle", () => {
  const before = jsFn((a: string, b: string) => a.length < b.length);
  assert.deepEqual(run("toposort", before, ["ccc", "a", "bb"]), { result: ["a", "bb", "ccc"] });
  const always = jsFn((_a: string, _b: string) => true);
  assert.deepEqual(run("toposort", always, ["x", "y"]), { cycle: ["x", "y"], loops: ["x"] });
});

test("what nixpkgs' lib takes from builtins is the builtin itself: its checks and messages", () => {
  assert.throws(() => call("genList", jsFn((x: number) => x), -1), /cannot create list of size -1/);
  assert.throws(() => call("head", []), /'builtins.head' called on an empty list/);
});
