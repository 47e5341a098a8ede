import { test } from "node:test";
import assert from "node:assert/strict";
import { errorOf } from "../diagnostics/error-of.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { CatchableError, EvalError, InfiniteRecursionError } from "./errors.ts";
import { evalExpr, evalFile, forceDeep, createEvaluator } from "./evaluate.ts";
import { memoryIO } from "./io.ts";
import { printJSON, printValue, toJSONValue } from "./print-value.ts";
import { NixAttrs, StackOverflowError, Thunk } from "./value.ts";

const show = (src: string) => printValue(forceDeep(evalExpr(src)));

test("evalExpr returns a lazy value", () => {
  const v = evalExpr("{ a = 1; b = throw \"lazy\"; }");
  assert.ok(v instanceof NixAttrs);
  assert.ok(v.lazy("b") instanceof Thunk);
  assert.equal(v.get("a"), 1n);
  assert.equal(printValue(v), "{ a = 1; b = <CODE>; }");
});

test("evalFile imports through EvalIO, relative paths and default.nix", () => {
  const io = memoryIO({
    "/flake/default.nix": "{ x = import ./lib { n = 2; }; p = ./data.txt; }",
    "/flake/lib/default.nix": "{ n }: n * 21",
    "/flake/data.txt": "hello",
  });
  const v = evalFile("/flake", { io });
  assert.equal(show.length > 0, true);
  assert.equal(printValue(forceDeep(v)), "{ p = /flake/data.txt; x = 42; }");
  const s = evalExpr('"${./data.txt}"', { io, baseDir: "/flake" });
  assert.match(String(s), /^\/nix\/store\/[0-9a-z]{32}-data\.txt$/);
});

test("errors carry a location and context frames", () => {
  const e = errorOf(() => forceDeep(evalExpr("let f = x: x.a; in { r = f { b = 1; }; }", { file: "/t.nix" })));
  assert.ok(e instanceof EvalError);
  assert.equal(e.message, "attribute 'a' missing\nDid you mean b?");
  assert.deepEqual(e.location, { file: "/t.nix", line: 1, column: 12 });
  assert.deepEqual(e.context, ["while calling 'f'", "while evaluating the attribute 'r'"]);
});

test("throw and assert are catchable; infinite recursion is not", () => {
  assert.ok(errorOf(() => evalExpr('assert 1 == 2; 3')) instanceof CatchableError);
  assert.equal(show("builtins.tryEval (assert false; 1)"), "{ success = false; value = false; }");
  const e = errorOf(() => evalExpr("let x = x; in x"));
  assert.ok(e instanceof InfiniteRecursionError);
  assert.equal(e.location?.column, 9);
});

test("deep recursion on the main thread is a Nix error, not a RangeError", () => {
  const e = errorOf(() => evalExpr("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000"));
  assert.ok(e instanceof StackOverflowError);
  assert.equal(e.message, "stack overflow; max-call-depth exceeded");
  const deep = "[".repeat(20000) + "]".repeat(20000);
  assert.ok(errorOf(() => evalExpr(deep)) instanceof UserError);
});

test("pure mode has no currentSystem; impure mode has", () => {
  assert.equal(show("builtins ? currentSystem"), "false");
  assert.equal(printValue(evalExpr("builtins.currentSystem", { pure: false, currentSystem: "x86_64-linux" })), '"x86_64-linux"');
});

test("an evaluator caches imports per path", () => {
  let reads = 0;
  const base = memoryIO({ "/a.nix": "{ }" });
  const io = { ...base, readFile: (p: string) => (reads++, base.readFile(p)) };
  const evaluator = createEvaluator({ io });
  evalExpr("[ (import /a.nix) (import /a.nix) ]", { evaluator });
  forceDeep(evalExpr("[ (import /a.nix) (import /a.nix) ]", { evaluator }));
  assert.equal(reads, 1);
});

test("--json output", () => {
  const v = evalExpr('{ b = [ 1 2.5 "x" null true ]; a = { __toString = s: "ts"; }; big = 9007199254740993; }');
  assert.equal(printJSON(toJSONValue(v, (p) => p)), '{"a":"ts","b":[1,2.5,"x",null,true],"big":9007199254740993}');
});
