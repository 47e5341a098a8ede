/**
 * An option's value computed by its node, without an EvaluatedOption: the
 * same value as the option's own (`options.<x>.value`) whichever is read
 * first, priorities and conflicts decided as before, and a read that throws
 * leaves the option readable again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { declare, errorOf, evalJs, mkDefault, mkForce, mkOption, types } from "./test-support.ts";
import { force, NixAttrs, NixFunction, type Lazy } from "../nix/value.ts";
import { mkOption as nixOption } from "./mk-option.ts";
import { int } from "./types/scalar.ts";
import { InfiniteRecursionError } from "../nix/errors.ts";

const sub = types.submodule({ options: { n: mkOption({ type: types.int, default: 1 }) } });
const at = (set: NixAttrs, ...path: string[]) => path.reduce((v, k) => force((v as NixAttrs).lazy(k) as Lazy), set as unknown) as unknown;

test("config.<x> read first, then options.<x>.value: the very same value (a submodule's configuration is not made twice)", () => {
  const ev = evalJs([declare({ s: mkOption({ type: sub }), plain: mkOption({ type: types.str }) }), { s: { n: 2 }, plain: "p" }]);
  const fromConfig = at(ev.config, "s");
  assert.ok(fromConfig instanceof NixAttrs);
  assert.equal(at(ev.options, "s", "value"), fromConfig);
  assert.equal(at(ev.options, "plain", "value"), "p");
  assert.equal(at(ev.options, "s", "isDefined"), true);
});

test("options.<x>.value read first, then config.<x>: the very same value", () => {
  const ev = evalJs([declare({ s: mkOption({ type: sub }) }), { s: { n: 2 } }]);
  const fromOptions = at(ev.options, "s", "value");
  assert.equal(at(ev.config, "s"), fromOptions);
  assert.equal(at(ev.config, "s", "n"), 2n);
});

test("mkDefault, mkForce and the declared default still decide the value; two plain values still conflict, naming both files", () => {
  const opt = declare({ a: mkOption({ type: types.int, default: 1 }) });
  const value = (...defs: unknown[]) => evalJs([opt, ...defs.map((a, i) => ({ _file: `m${i}.nix`, a }))]).config.get("a");
  assert.equal(value(), 1n);
  assert.equal(value(mkDefault(2)), 2n);
  assert.equal(value(mkDefault(2), 3), 3n);
  assert.equal(value(5, mkForce(4)), 4n);
  const e = errorOf(() => value(5, 6));
  assert.match(e.message, /^The option `a' has conflicting definition values:/);
  assert.match(e.message, /In `m0\.nix': 5/);
  assert.match(e.message, /In `m1\.nix': 6/);
});

test("a read that throws leaves the option readable: the next read throws the same error, not infinite recursion", () => {
  const ev = evalJs([declare({ a: mkOption({ type: types.int }) }), { a: "not an int" }]);
  const first = errorOf(() => ev.config.get("a"));
  const second = errorOf(() => ev.config.get("a"));
  assert.ok(!(second instanceof InfiniteRecursionError));
  assert.equal(second.message, first.message);
  assert.match(first.message, /is not of type `signed integer'/);
  assert.ok(first.context.includes("while evaluating the option `a':"));
});

test("an option with apply, read through config: apply gets the merged value unevaluated, once; options.<x>.value is that very value", () => {
  let calls = 0;
  const applied = (v: unknown) => (calls++, { got: v });
  const ev = evalJs([declare({ a: mkOption({ type: types.int, default: 1, apply: applied }), ignored: nixOption({ type: int, apply: new NixFunction(() => 7n, undefined, "ignore") }) }), { a: mkDefault(2), ignored: "not an int" }]);
  const fromConfig = at(ev.config, "a");
  assert.equal(at(ev.config, "a", "got"), 2n);
  assert.equal(at(ev.options, "a", "value"), fromConfig);
  assert.equal(calls, 1);
  assert.equal(at(ev.options, "a", "highestPrio"), 1000n);
  // An apply (a Nix function) that ignores the merged value never merges nor checks the definitions.
  assert.equal(at(ev.config, "ignored"), 7n);
});

test("an option with apply whose merge fails names the option, and a second read throws the same error", () => {
  const ev = evalJs([declare({ a: mkOption({ type: types.int, apply: (x: number) => x + 1 }) }), { a: "no" }]);
  const first = errorOf(() => ev.config.get("a"));
  const second = errorOf(() => ev.config.get("a"));
  assert.equal(second.message, first.message);
  assert.match(first.message, /is not of type `signed integer'/);
  assert.ok(first.context.includes("while evaluating the option `a':"));
});
