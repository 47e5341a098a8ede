/**
 * lib.attrsets through the value model: attribute paths, mapping and
 * filtering, recursive updates (lazy per attribute), zipping, matching,
 * package outputs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, jsFn, plain, run, set } from "./test-support.ts";
import { NixAttrs, Thunk, type Lazy } from "../nix/value.ts";

const boom = (): Lazy => new Thunk(() => { throw new Error("forced"); });

test("attribute paths", () => {
  const s = { a: { b: { c: 1 } } };
  assert.deepEqual([run("attrByPath", ["a", "b", "c"], 0, s), run("attrByPath", ["a", "x"], 0, s), run("attrByPath", ["a", "b", "c", "d"], 0, s)], [1, 0, 0]);
  assert.deepEqual([run("hasAttrByPath", ["a", "b"], s), run("hasAttrByPath", ["b"], s)], [true, false]);
  assert.deepEqual(run("setAttrByPath", ["x", "y"], 2), { x: { y: 2 } });
  assert.equal(run("getAttrFromPath", ["a", "b", "c"], s), 1);
  assert.throws(() => call("getAttrFromPath", ["a", "z"], s), /cannot find attribute 'a.z'/);
});

test("names, values, listToAttrs (first wins), removeAttrs, intersectAttrs, catAttrs, getAttrs", () => {
  assert.deepEqual([run("attrNames", { b: 1, a: 2 }), run("attrValues", { b: 1, a: 2 })], [["a", "b"], [2, 1]]);
  assert.deepEqual(run("listToAttrs", [{ name: "a", value: 1 }, { name: "a", value: 2 }, { name: "b", value: 3 }]), { a: 1, b: 3 });
  assert.deepEqual(run("removeAttrs", { a: 1, b: 2 }, ["a"]), { b: 2 });
  assert.deepEqual(run("intersectAttrs", { a: 0 }, { a: 1, b: 2 }), { a: 1 });
  assert.deepEqual(run("catAttrs", "a", [{ a: 1 }, { b: 2 }, { a: 3 }]), [1, 3]);
  assert.deepEqual(run("getAttrs", ["a"], { a: 1, b: 2 }), { a: 1 });
  assert.deepEqual(run("attrVals", ["b", "a"], { a: 1, b: 2 }), [2, 1]);
  assert.deepEqual(run("nameValuePair", "n", 1), { name: "n", value: 1 });
});

test("mapAttrs keeps values lazy; mapAttrs', mapAttrsToList, attrsToList, concatMapAttrs", () => {
  const mapped = call("mapAttrs", jsFn((_n: string, v: number) => v + 1), set({ a: 1n, b: boom() })) as NixAttrs;
  assert.equal(mapped.get("a"), 2n);
  assert.throws(() => mapped.get("b"), /forced/);
  assert.deepEqual(run("mapAttrs'", jsFn((n: string, v: number) => ({ name: `x${n}`, value: v })), { a: 1 }), { xa: 1 });
  assert.deepEqual(run("mapAttrsToList", jsFn((n: string, v: number) => `${n}=${v}`), { b: 2, a: 1 }), ["a=1", "b=2"]);
  assert.deepEqual(run("attrsToList", { a: 1 }), [{ name: "a", value: 1 }]);
  assert.deepEqual(run("concatMapAttrs", jsFn((n: string, v: number) => ({ [n]: v, [`${n}2`]: v * 2 })), { a: 1 }), { a: 1, a2: 2 });
});

test("filterAttrs, filterAttrsRecursive, genAttrs, optionalAttrs, foldlAttrs, foldAttrs", () => {
  const positive = jsFn((_n: string, v: unknown) => typeof v !== "number" || v > 0);
  assert.deepEqual(run("filterAttrs", positive, { a: 1, b: -1 }), { a: 1 });
  assert.deepEqual(run("filterAttrsRecursive", positive, { a: { b: -1, c: 2 }, d: -3 }), { a: { c: 2 } });
  assert.deepEqual(run("genAttrs", ["a", "b"], jsFn((n: string) => n.toUpperCase())), { a: "A", b: "B" });
  assert.deepEqual([run("optionalAttrs", true, { a: 1 }), run("optionalAttrs", false, { a: 1 })], [{ a: 1 }, {}]);
  assert.equal(run("foldlAttrs", jsFn((acc: string, n: string, v: number) => `${acc}${n}${v}`), "", { b: 2, a: 1 }), "a1b2");
  assert.deepEqual(run("foldAttrs", jsFn((v: number, acc: number[]) => [v, ...acc]), [], [{ a: 1 }, { a: 2, b: 3 }]), { a: [1, 2], b: [3] });
});

test("recursiveUpdate merges nested sets, the right side winning; only what is read is merged", () => {
  assert.deepEqual(run("recursiveUpdate", { a: { b: 1, c: 2 }, d: 1 }, { a: { b: 3 }, d: { e: 1 } }), { a: { b: 3, c: 2 }, d: { e: 1 } });
  const r = call("recursiveUpdate", set({ a: 1n, x: boom() }), set({ x: boom(), y: 2n })) as NixAttrs;
  assert.deepEqual([r.keys(), r.get("a"), r.get("y")], [["a", "x", "y"], 1n, 2n]);
  const until = call("recursiveUpdateUntil", jsFn((path: string[], _l: unknown, _r: unknown) => path.length === 2), { a: { b: { c: 1 } } }, { a: { b: { d: 2 } } });
  assert.deepEqual(plain(until), { a: { b: { d: 2 } } });
});

test("mapAttrsRecursive(Cond), collect, zipAttrsWith, zipAttrs, matchAttrs, cartesianProduct", () => {
  const pathOf = jsFn((path: string[], v: number) => `${path.join(".")}:${v}`);
  assert.deepEqual(run("mapAttrsRecursive", pathOf, { a: { b: 1 }, c: 2 }), { a: { b: "a.b:1" }, c: "c:2" });
  const notB = jsFn((s: Record<string, unknown>) => !("b" in s));
  assert.deepEqual(run("mapAttrsRecursiveCond", notB, jsFn((p: string[], v: unknown) => p.join(".")), { a: { b: 1 }, c: { d: 2 } }), { a: "a", c: { d: "c.d" } });
  assert.deepEqual(run("collect", jsFn((v: unknown) => typeof v === "number"), { a: { b: 1 }, c: 2 }), [1, 2]);
  assert.deepEqual(run("zipAttrsWith", jsFn((n: string, vs: number[]) => `${n}${vs.join("")}`), [{ a: 1 }, { a: 2, b: 3 }]), { a: "a12", b: "b3" });
  assert.deepEqual(run("zipAttrs", [{ a: 1 }, { a: 2 }]), { a: [1, 2] });
  assert.deepEqual([run("matchAttrs", { a: { b: 1 } }, { a: { b: 1, c: 2 } }), run("matchAttrs", { a: 1 }, { b: 1 })], [true, false]);
  assert.deepEqual(run("cartesianProduct", { a: [1, 2], b: ["x"] }), [{ a: 1, b: "x" }, { a: 2, b: "x" }]);
});

test("unionOfDisjoint fails lazily on a collision; overrideExisting; mergeAttrsList", () => {
  const u = call("unionOfDisjoint", { a: 1, b: 2 }, { b: 3, c: 4 }) as NixAttrs;
  assert.equal(u.get("c"), 4n);
  assert.throws(() => u.get("b"), /unionOfDisjoint: collision on b; complete list: b/);
  assert.deepEqual(run("overrideExisting", { a: 1, b: 2 }, { b: 3, c: 4 }), { a: 1, b: 3 });
  assert.deepEqual(run("mergeAttrsList", [{ a: 1 }, { a: 2, b: 1 }]), { a: 2, b: 1 });
});

test("packages: isDerivation, getOutput, getBin, getExe", () => {
  const bin = { type: "derivation", name: "hello-bin", outPath: "/nix/store/h-hello-bin" };
  const pkg = { type: "derivation", name: "hello-2.12", pname: "hello", outPath: "/nix/store/h-hello", bin, meta: { mainProgram: "hello" } };
  assert.deepEqual([run("isDerivation", pkg), run("isDerivation", {})], [true, false]);
  assert.equal(run("getName", pkg), "hello");
  assert.equal(run("getVersion", pkg), "2.12");
  assert.equal(String(call("getExe", pkg)), "/nix/store/h-hello-bin/bin/hello");
  assert.equal(String(call("getExe'", pkg, "hi")), "/nix/store/h-hello-bin/bin/hi");
  assert.equal(String(call("makeBinPath", [pkg, null, { type: "derivation", name: "x", outPath: "/nix/store/x" }])), "/nix/store/h-hello-bin/bin:/nix/store/x/bin");
  assert.throws(() => call("getExe'", pkg, "a/b"), /is a nested path with a "\/" character/);
});
