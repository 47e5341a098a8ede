/**
 * A value that contains itself (`builtins`, `let x = { a = x; … }`) given
 * where a string is expected ends in a quick type error whose printout is
 * bounded (`«repeated»` for a set inside itself, a few hundred values at
 * most), never in a long run out of memory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr } from "../nix/evaluate.ts";
import { toJS } from "../nix/js-value.ts";
import { EvalError } from "../nix/errors.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { errorOf, optionValue, types } from "./test-support.ts";
import { toPretty } from "./pretty.ts";
import { showDefs } from "./definition.ts";

/** Runs `f`, failing if it takes longer than `ms`. */
function quick<T>(ms: number, f: () => T): T {
  const start = Date.now();
  const r = f();
  assert.ok(Date.now() - start < ms, `took ${Date.now() - start} ms`);
  return r;
}

const cyclic = () => evalExpr("let x = { a = x; b = x; c = x; d = x; e = x; f = x; g = x; h = x; }; in x");

test("a set that contains itself, where a string is expected, is a quick type error with «repeated»", () => {
  for (const value of [cyclic(), evalExpr("builtins")]) {
    const e = quick(5000, () => errorOf(() => optionValue(types.str, value)));
    assert.ok(e instanceof UserError);
    assert.match(e.message, /^A definition for option `a' is not of type `string'\. Definition values:\n- In `<unknown-file>':\n    \{\n/);
    assert.ok(e.message.split("\n").length < 12, e.message);
  }
  assert.match(errorOf(() => optionValue(types.str, cyclic())).message, /a = «repeated»;/);
});

test("toPretty prints a set inside itself as «repeated», and at most maxItems values", () => {
  assert.equal(toPretty(evalExpr("let x = { a = x; b = 1; }; in x"), "", 0, { multiline: false }), "{ a = «repeated»; b = 1; }");
  assert.equal(toPretty(evalExpr("let x = { s = { t = x; }; }; in [ x x ]"), "", 0, { multiline: false }), "[ { s = { t = «repeated»; }; } { s = { t = «repeated»; }; } ]");
  assert.equal(toPretty(evalExpr("[ 1 2 3 4 ]"), "", 0, { multiline: false, maxItems: 3 }), "[ 1 2 … ]");
  const big = quick(5000, () => toPretty(evalExpr("builtins"), "", 0, { maxItems: 200 }));
  assert.ok(big.split("\n").length <= 200);
});

test("showDefs cuts long lines", () => {
  const shown = showDefs([{ file: "f.nix", value: "x".repeat(100_000) }]);
  assert.ok(shown.length < 1100, `${shown.length}`);
  assert.ok(shown.endsWith("…"));
});

test("a JavaScript walk through a set that contains itself fails quickly, as Nix's max-call-depth", () => {
  const walk = (v: unknown): number => (typeof v === "object" && v !== null ? Object.keys(v).reduce((n, k) => n + walk((v as Record<string, unknown>)[k]), 1) : 0);
  const e = quick(5000, () => errorOf(() => walk(toJS(cyclic()))));
  assert.ok(e instanceof EvalError);
  assert.match(e.message, /^stack overflow; max-call-depth exceeded: a value was read more than 256 sets or lists deep/);
});
