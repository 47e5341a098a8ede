import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Span } from "../diagnostics/location.ts";
import { Layout } from "./attrs-layout.ts";
import { valuesEqual } from "./equality.ts";
import { evalExpr, forceDeep, printValue } from "./evaluate.ts";
import { isOpenMap, LazyOpenMap } from "./open-map.ts";
import { NixAttrs, type Lazy } from "./value.ts";

/** A deterministic pseudo-random generator (tests must not be flaky). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

const span = (line: number): Span => ({ file: "/x.nix", line, column: 1 }) as Span;

/** A random set both ways: map-backed (the reference) and array-backed. */
function randomPair(r: () => number, tag: string): { map: NixAttrs; arrays: NixAttrs } {
  const names = [...new Set(Array.from({ length: Math.floor(r() * 20) }, () => `n${Math.floor(r() * 30)}`))];
  const values: Lazy[] = names.map((n) => `${tag}:${n}`);
  const withPos = r() < 0.5;
  const spans = names.map((_, i) => (withPos && r() < 0.7 ? span(i + 1) : undefined));
  const pos = new Map<string, Span>();
  names.forEach((n, i) => spans[i] !== undefined && pos.set(n, spans[i] as Span));
  return {
    map: new NixAttrs(new Map(names.map((n, i) => [n, values[i] as Lazy])), withPos ? pos : undefined),
    arrays: NixAttrs.fromArrays(names, values, withPos ? spans : undefined),
  };
}

/** Everything observable of a set, in a comparable form. */
function observe(s: NixAttrs): unknown {
  const probes = Array.from({ length: 30 }, (_, i) => `n${i}`);
  return {
    keys: [...s.keys()],
    values: s.sortedValues(),
    size: s.size,
    lookups: probes.map((p) => [s.has(p), s.lazy(p), s.posOf(p), s.pos?.get(p)]),
    map: [...s.map].sort(),
  };
}

/** The reference `//`: a copy of the left map with the right's entries set over it; a name's position comes with its value, as in Nix. */
function mapUpdate(a: NixAttrs, b: NixAttrs): NixAttrs {
  const map = new Map(a.map);
  b.map.forEach((v, k) => map.set(k, v));
  let pos: Map<string, Span> | undefined;
  if (a.pos !== undefined || b.pos !== undefined) {
    pos = new Map(a.pos ?? []);
    for (const k of b.map.keys()) {
      const p = b.pos?.get(k);
      if (p === undefined) pos.delete(k);
      else pos.set(k, p);
    }
  }
  return new NixAttrs(map, pos);
}

test("an array-backed set answers as the map-backed set of the same entries, and `//` as copying maps does", () => {
  const r = rng(7);
  for (let round = 0; round < 300; round++) {
    const a = randomPair(r, "a");
    const b = randomPair(r, "b");
    assert.deepEqual(observe(a.arrays), observe(a.map));
    const expected = observe(mapUpdate(a.map, b.map));
    for (const [x, y] of [[a.arrays, b.arrays], [a.map, b.arrays], [a.arrays, b.map], [a.map, b.map]] as const) {
      const got = x.update(y);
      const ref = observe(mapUpdate(x, y));
      assert.deepEqual(ref, expected);
      assert.deepEqual(observe(got), expected);
      assert.ok(valuesEqual(got, mapUpdate(x, y)));
    }
  }
});

test("a large layout (indexed, not searched) finds every name and no other", () => {
  const names = Array.from({ length: 500 }, (_, i) => `k${i}`).sort();
  const layout = new Layout(names, undefined);
  names.forEach((n, i) => assert.equal(layout.indexOf(n), i));
  assert.equal(layout.indexOf("k500"), -1);
  assert.equal(layout.indexOf("__proto__"), -1);
});

test("`//` of an open set lists what the open set lists, as a copy of its map did", () => {
  const open = new NixAttrs(new LazyOpenMap((n) => n.startsWith("p"), (n) => `pkg ${n}`));
  open.lazy("pa");
  const merged = open.update(NixAttrs.from({ b: 1n }));
  assert.deepEqual(merged.keys(), ["b", "pa"]);
  assert.ok(!isOpenMap(merged.map));
});

const SETS = `
    let
      x = 1;
      s = { b = 2; inherit x; a = 3; "with space" = 4; };
      r = rec { z = y + 1; y = 10; w = { inherit z; }; };
      d = { \${"dyn"} = 5; c = 6; \${null} = 7; };
      u = s // r // d // { a = "new"; };
      m = builtins.mapAttrs (n: v: n) u;
      pos = n: (builtins.unsafeGetAttrPos n u).line;
    in {
      names = builtins.attrNames u;
      values = builtins.attrValues (builtins.removeAttrs u [ "w" ]);
      m = builtins.attrValues m;
      i = builtins.intersectAttrs { a = 0; z = 0; q = 0; } u;
      lines = map pos [ "b" "x" "z" "dyn" "c" ];
      rm = builtins.unsafeGetAttrPos "b" (builtins.removeAttrs s [ "a" ]) != null;
      eq = [ (s == { a = 3; b = 2; x = 1; "with space" = 4; }) (s == (s // {})) (u == s) ({} == {}) ];
    }`;
const SETS_PRINTED =
  '{ eq = [ true true false true ]; i = { a = "new"; z = 11; }; lines = [ 4 4 5 6 6 ]; m = [ "a" "b" "c" "dyn" "w" "with space" "x" "y" "z" ]; names = [ "a" "b" "c" "dyn" "w" "with space" "x" "y" "z" ]; rm = true; values = [ "new" 2 6 5 4 1 10 11 ]; }';

test("set literals, rec, inherit, dynamic names, `//`, mapAttrs, removeAttrs and intersectAttrs keep Nix's order, values and positions", () => {
  assert.equal(printValue(forceDeep(evalExpr(SETS, { file: "/t.nix" }))), SETS_PRINTED);
  // mapAttrs drops positions, as Nix does.
  assert.equal(printValue(forceDeep(evalExpr('builtins.unsafeGetAttrPos "y" (builtins.mapAttrs (n: v: v) { x = 1;\n y = 2; })'))), "null");
});

test("the same sets as Nix 2.8's nix-instantiate", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "nix-attrs-"));
  const file = join(dir, "t.nix");
  writeFileSync(file, SETS);
  const r = spawnSync("nix-instantiate", ["--eval", "--strict", file], {
    encoding: "utf8",
    env: { ...process.env, NIX_STATE_DIR: join(dir, "state"), NIX_STORE_DIR: join(dir, "store"), HOME: dir },
  });
  if (r.error !== undefined) {
    t.skip("nix-instantiate is not installed");
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), SETS_PRINTED);
});

test("records made into sets share their shape's layout and give the same sets as maps do, whatever the cache holds", () => {
  const r = rng(11);
  for (let round = 0; round < 2000; round++) {
    const names = [...new Set(Array.from({ length: 1 + Math.floor(r() * 6) }, () => `f${Math.floor(r() * 12)}`))];
    const record: Record<string, Lazy> = {};
    for (const n of names) record[n] = `${round}:${n}`;
    const got = NixAttrs.from(record);
    const ref = new NixAttrs(new Map(Object.entries(record)));
    assert.deepEqual(observe(got), observe(ref));
    const spans = names.map((_, i) => (i % 2 === 0 ? span(i + 1) : undefined));
    const withPos = NixAttrs.fromArrays(names, names.map((n) => record[n] as Lazy), spans);
    for (const [i, n] of names.entries()) assert.equal(withPos.posOf(n), spans[i]);
    assert.deepEqual(withPos.sortedValues(), got.sortedValues());
  }
  const a = NixAttrs.from({ y: 1n, x: 2n });
  const b = NixAttrs.from({ y: 3n, x: 4n });
  assert.equal(a.layout, b.layout);
  const one = (v: Lazy) => NixAttrs.fromArrays(["only"], [v]);
  assert.equal(one(1n).layout, one(2n).layout, "sets of one sorted name made from arrays share a layout");
  assert.equal(NixAttrs.fromArrays(["b", "a"], [1n, 2n]).layout, NixAttrs.fromArrays(["b", "a"], [3n, 4n]).layout, "names in the same order, sorted or not");
  assert.deepEqual(NixAttrs.fromArrays(["b", "a"], [3n, 4n]).sortedValues(), [4n, 3n]);
  assert.deepEqual(NixAttrs.fromArrays([], []).keys(), []);
  assert.deepEqual(NixAttrs.from({}).keys(), []);
});
