/**
 * Inputs the fuzzer (test/fuzz) found hanging or crashing: long chains
 * lexed in linear time, `+` chains evaluated in a loop (as Nix's flat
 * ExprConcatStrings), and nesting deeper than the JavaScript stack in the
 * scope pass or at run time reported as Nix errors, not RangeErrors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEvaluator } from "./evaluate.ts";
import { ParseError } from "./parser/parse.ts";
import { StackOverflowError } from "./value.ts";
import { printValue } from "./print-value.ts";

function quick<T>(ms: number, f: () => T): T {
  const start = Date.now();
  const r = f();
  assert.ok(Date.now() - start < ms, `took ${Date.now() - start} ms`);
  return r;
}

const run = (src: string) => createEvaluator({}).evalSource(src, "/f.nix", "/");

test("long select chains and runs of '-' lex in linear time", () => {
  assert.equal(quick(3000, () => printValue(run(`let x = { a = x; }; in (x${".a".repeat(50_000)}) ? a`))), "true");
  assert.throws(() => quick(3000, () => run("-".repeat(50_000) + "1")), ParseError);
  assert.equal(quick(3000, () => run("- - 1")), 1n);
});

test("a long + chain is evaluated in a loop, with each operand's errors at its place", () => {
  assert.equal(quick(3000, () => run("1 + ".repeat(3000) + "1")), 3001n);
  assert.equal(run('"a" + "b" + "c"'), "abc");
  assert.throws(() => run('1 + 2 + "x"'), (e: Error & { location?: { column: number } }) => /cannot add a string to an integer/.test(e.message) && e.location?.column === 9);
});

test("nesting deeper than the stack is a Nix error in every pass: parse, scopes, evaluation", () => {
  assert.throws(() => run("let a = ".repeat(100_000) + "1" + "; in a".repeat(100_000)), (e) => e instanceof ParseError && e.message === "expression nested too deeply (stack overflow)");
  assert.throws(() => run("let f = x: if x == 0 then 0 else 1 + f (x - 1); in f 1000000"), StackOverflowError);
});
