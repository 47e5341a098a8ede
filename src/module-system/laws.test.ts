/**
 * Property tests, with a deterministic generator: laws of mkMerge,
 * priorities and ordering that must hold for any definitions.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, mkMerge, mkOption, mkOrder, mkOverride, random, types } from "./test-support.ts";
import { levenshtein } from "../nix/levenshtein.ts";
import { valuesEqual } from "../nix/equality.ts";
import { fromJS } from "../nix/js-value.ts";

const RUNS = 200;
const opts = declare({ l: mkOption({ type: types.listOf(types.int), default: [] }), s: mkOption({ type: types.attrsOf(types.int), default: {} }) });

function generator(seed: number) {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)] as T;
  const prio = () => pick([50, 100, 1000]);
  const list = () => Array.from({ length: int(4) }, () => int(100));
  const wrap = (v: unknown) => (int(2) === 0 ? v : mkOverride(prio(), v));
  const attrs = () => Object.fromEntries(Array.from({ length: int(3) }, () => [pick(["a", "b", "c"]), wrap(int(3))]));
  const definition = () => ({ l: wrap(list()), s: attrs() });
  return { int, definition };
}

/** Each attribute of `s` as its value, or "conflict" when its definitions disagree. */
function attrsOutcome(s: Record<string, number>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(s).map((k) => [k, outcome(() => s[k])]));
}

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return "conflict";
  }
}

test("mkMerge [a b] in one module is a and b in two modules (later modules first)", () => {
  for (let seed = 1; seed <= RUNS; seed++) {
    const g = generator(seed);
    const a = g.definition();
    const b = g.definition();
    const merged = configOf(opts, mkMerge([a, b]));
    const separate = configOf(opts, b, a);
    assert.deepEqual(outcome(() => merged.l), outcome(() => separate.l), `seed ${seed}`);
    assert.deepEqual(attrsOutcome(merged.s), attrsOutcome(separate.s), `seed ${seed}`);
  }
});

test("the value is the merge of the definitions of the lowest priority number", () => {
  for (let seed = 1; seed <= RUNS; seed++) {
    const g = generator(seed);
    const defs = Array.from({ length: 1 + g.int(4) }, () => ({ prio: [50, 100, 1000][g.int(3)] as number, items: [g.int(10), g.int(10)] }));
    const best = Math.min(...defs.map((d) => d.prio));
    const expected = [...defs].reverse().filter((d) => d.prio === best).flatMap((d) => d.items);
    assert.deepEqual(configOf(opts, ...defs.map((d) => ({ l: mkOverride(d.prio, d.items) }))).l, expected, `seed ${seed}`);
  }
});

test("mkOrder puts list definitions in priority order whatever the module order", () => {
  for (let seed = 1; seed <= RUNS; seed++) {
    const g = generator(seed);
    const count = 1 + g.int(6);
    const priorities = [...new Set(Array.from({ length: count }, () => 1 + g.int(2000)))];
    const modules = priorities.map((p) => ({ l: mkOrder(p, [p]) }));
    for (let i = modules.length - 1; i > 0; i--) {
      const j = g.int(i + 1);
      [modules[i], modules[j]] = [modules[j] as (typeof modules)[number], modules[i] as (typeof modules)[number]];
    }
    assert.deepEqual(configOf(opts, ...modules).l, [...priorities].sort((x, y) => x - y), `seed ${seed}`);
  }
});

test("equal definitions of a scalar merge in any number; one different value conflicts", () => {
  for (let seed = 1; seed <= 50; seed++) {
    const g = generator(seed);
    const v = g.int(5);
    const copies = Array.from({ length: 1 + g.int(4) }, () => ({ x: v }));
    const intOpt = declare({ x: mkOption({ type: types.int }) });
    assert.equal(configOf(intOpt, ...copies).x, v);
    assert.match(errorOf(() => configOf(intOpt, ...copies, { x: v + 1 }).x).message, /conflicting definition values/);
  }
});

test("levenshtein is a metric", () => {
  const next = random(7);
  const word = () => Array.from({ length: Math.floor(next() * 6) }, () => "abc"[Math.floor(next() * 3)]).join("");
  for (let i = 0; i < RUNS; i++) {
    const [a, b, c] = [word(), word(), word()];
    assert.equal(levenshtein(a, a), 0);
    assert.equal(levenshtein(a, b), levenshtein(b, a));
    assert.ok(levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c));
    assert.equal(levenshtein(a, b) === 0, a === b);
  }
});

test("Nix equality is reflexive and symmetric", () => {
  const next = random(11);
  const value = (depth: number): unknown => {
    const k = Math.floor(next() * (depth > 2 ? 4 : 6));
    if (k === 0) return Math.floor(next() * 3);
    if (k === 1) return ["x", "y"][Math.floor(next() * 2)];
    if (k === 2) return next() < 0.5;
    if (k === 3) return null;
    if (k === 4) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 3) }, () => [["p", "q"][Math.floor(next() * 2)], value(depth + 1)]));
  };
  for (let i = 0; i < RUNS; i++) {
    const a = fromJS(value(0));
    const b = fromJS(value(0));
    assert.ok(valuesEqual(a, a));
    assert.equal(valuesEqual(a, b), valuesEqual(b, a));
  }
});
