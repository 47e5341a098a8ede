/**
 * `_module.check` and `_module.freeformType` read without the `_module`
 * level (module-settings.ts) only when they are the defaults: a definition
 * of either, under mkIf or not, an unknown name under `_module`, and an
 * option declared there by another module still count, at the root and in
 * submodule instances.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, mkIf, mkOption, types } from "./test-support.ts";

const entry = types.submodule({ options: { n: mkOption({ type: types.int, default: 0 }) } });
const entries = declare({ e: mkOption({ type: types.attrsOf(entry), default: {} }) });

test("an unknown name is reported at the root and in an instance when `_module` holds only args and specialArgs", () => {
  assert.match(errorOf(() => configOf(declare({ a: mkOption({ type: types.int }) }), { a: 1, b: 2, _module: { args: { x: 1 } } })).message, /The option `b' does not exist/);
  assert.match(errorOf(() => configOf(entries, { e: { x: { n: 1, typo: 2 } } }).e.x).message, /The option `e\.x\.typo' does not exist/);
});

test("_module.check = false in an instance's definition, directly or under mkIf, lets unknown names through", () => {
  assert.equal(configOf(entries, { e: { x: { n: 1, typo: 2, _module: { check: false } } } }).e.x.n, 1);
  assert.equal(configOf(entries, { e: { x: { n: 1, typo: 2, _module: mkIf(true, { check: false }) } } }).e.x.n, 1);
  assert.match(errorOf(() => configOf(entries, { e: { x: { n: 1, typo: 2, _module: mkIf(false, { check: false }) } } }).e.x).message, /The option `e\.x\.typo' does not exist/);
});

test("a freeform type given by an instance's definition still takes its undeclared values", () => {
  const c = configOf(entries, { e: { x: { n: 1, extra: "kept", _module: { freeformType: types.attrsOf(types.str) } } } });
  assert.equal(c.e.x.extra, "kept");
  assert.equal(c.e.x.n, 1);
});

test("an unknown name under `_module` is reported; an option another module declares there is not", () => {
  assert.match(errorOf(() => configOf({ _module: { nosuch: 1 } })).message, /The option `_module\.nosuch' does not exist/);
  const ev = evalJs([{ options: { _module: { extra: mkOption({ type: types.int, default: 0 }) } } }, { _module: { extra: 3 } }]);
  assert.deepEqual(ev.config.keys(), []);
  assert.equal((ev.internalConfig.get("_module") as { get(n: string): unknown }).get("extra"), 3n);
});

test("another declaration of `_module.check` (an apply) is heeded: the defaults are not assumed", () => {
  const off = { options: { _module: { check: mkOption({ apply: () => false }) } } };
  assert.equal(configOf(off, declare({ a: mkOption({ type: types.int }) }), { a: 1, typo: 2 }).a, 1);
});
