import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldEntries, FieldReader } from "./field-reader.ts";
import { fromJS, toJS } from "../nix/js-value.ts";
import { Thunk } from "../nix/value.ts";

/** A Nix set whose fields count how often they are forced (fromJS makes each getter a thunk). */
function counted(fields: Record<string, () => unknown>, forced: string[]) {
  const obj: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) {
    Object.defineProperty(obj, k, {
      enumerable: true,
      get() {
        forced.push(k);
        return f();
      },
    });
  }
  return fromJS(obj);
}

test("FieldReader: a field is forced when first read, in the order asked, and converted as a view converts it", () => {
  const forced: string[] = [];
  const r = new FieldReader<{ a: number; b: string; c: string[]; d: unknown }>(counted({ a: () => 1, b: () => "x", c: () => ["p"], d: () => null }, forced));
  assert.deepEqual(forced, []);
  assert.equal(r.get("b"), "x");
  assert.equal(r.get("a"), 1);
  assert.equal(r.get("b"), "x");
  assert.deepEqual(r.get("c"), ["p"]);
  assert.equal(r.get("d"), null);
  assert.deepEqual(forced, ["b", "a", "c", "d"]);
  assert.equal((r as unknown as FieldReader<{ missing: unknown }>).get("missing"), undefined);
});

test("FieldReader: a field whose read throws throws again when read again", () => {
  const forced: string[] = [];
  const r = new FieldReader<{ bad: unknown }>(counted({ bad: () => { throw new Error("nope"); } }, forced));
  assert.throws(() => r.get("bad"), /nope/);
  assert.throws(() => r.get("bad"), /nope/);
});

test("FieldReader reads a view through its set, and a plain object as it is", () => {
  const forced: string[] = [];
  const view = toJS(counted({ a: () => 2 }, forced));
  assert.equal(new FieldReader<{ a: number }>(view).get("a"), 2);
  assert.equal(new FieldReader<{ a: number }>({ a: 3 }).get("a"), 3);
  assert.deepEqual(forced, ["a"]);
});

test("fieldEntries: every entry is forced first, in the set's order, before any field is read", () => {
  const order: string[] = [];
  const entry = (name: string) => new Thunk(() => { order.push(name); return counted({ x: () => name }, order); });
  const set = toJS(fromJS({ b: entry("b"), a: entry("a") }));
  const entries = fieldEntries<{ x: string }>(set);
  assert.deepEqual(entries.map(([k]) => k), ["a", "b"]);
  assert.deepEqual(order, ["a", "b"]);
  assert.deepEqual(entries.map(([, r]) => r.get("x")), ["a", "b"]);
  assert.deepEqual(order, ["a", "b", "x", "x"]);
  assert.deepEqual(fieldEntries<{ x: number }>({ p: { x: 1 } }).map(([k, r]) => [k, r.get("x")]), [["p", 1]]);
});
