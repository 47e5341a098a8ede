/**
 * Plain values: every kind of data forced deeply and back unchanged
 * (integers stay integers, contexts and paths stay), and what is not
 * data (a function, a failing value, a cycle) is not plain.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromPlain, toPlain } from "./plain-value.ts";
import { NixAttrs, NixFunction, NixPath, NixString, Thunk, type Lazy } from "../nix/value.ts";
import { EvalError } from "../nix/errors.ts";

test("data of every kind comes back as it was, forced", () => {
  const v = NixAttrs.from({
    n: null,
    b: new Thunk(() => true),
    i: 3n,
    f: 3,
    s: "text",
    c: new NixString("/store/x-y/bin", new Set(["/store/x-y", "!out!/store/z.drv"])),
    p: new NixPath("/etc/hosts"),
    l: [1n, new Thunk(() => "two"), [NixAttrs.empty]],
    "1": "a name that looks like an index",
  });
  const p = toPlain(v);
  assert.ok(p !== undefined);
  const back = fromPlain(JSON.parse(JSON.stringify(p))) as NixAttrs;
  assert.deepEqual(back.keys(), v.keys());
  assert.equal(back.get("i"), 3n);
  assert.equal(back.get("f"), 3);
  assert.equal(typeof back.get("f"), "number", "a float stays a float");
  const c = back.get("c") as NixString;
  assert.ok(c instanceof NixString);
  assert.deepEqual([...c.context].sort(), ["!out!/store/z.drv", "/store/x-y"]);
  assert.ok(back.get("p") instanceof NixPath);
  assert.deepEqual(toPlain(back), p, "plain again, the same");
});

test("a function, a failing value, a cycle or a non-finite float is not plain", () => {
  const fn = new NixFunction(() => null);
  assert.equal(toPlain(NixAttrs.from({ f: fn })), undefined);
  assert.equal(toPlain([new Thunk(() => { throw new EvalError("boom"); })]), undefined);
  const cyclic: Lazy[] = [];
  cyclic.push(cyclic);
  assert.equal(toPlain(cyclic), undefined);
  assert.equal(toPlain(Number.POSITIVE_INFINITY), undefined);
});

test("a failing thunk left unforced can be forced again (the evaluation proper reports it)", () => {
  let calls = 0;
  const t = new Thunk(() => {
    calls++;
    throw new EvalError("boom");
  });
  assert.equal(toPlain(t), undefined);
  assert.throws(() => t.force(), /boom/);
  assert.equal(calls, 2);
});

test("a set's name `__proto__` is a name like any other, through JSON and back", () => {
  const v = NixAttrs.fromArrays(["__proto__", "a"], ["x", 1n]);
  const back = fromPlain(JSON.parse(JSON.stringify(toPlain(v)))) as NixAttrs;
  assert.deepEqual(back.keys(), ["__proto__", "a"]);
  assert.equal(back.get("__proto__"), "x");
});
