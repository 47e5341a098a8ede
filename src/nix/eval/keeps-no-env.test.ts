import { test } from "node:test";
import assert from "node:assert/strict";
import type { Expr } from "../ast.ts";
import { createEvaluator } from "../evaluate.ts";
import { parse } from "../parser/parse.ts";
import { keepsNoEnv } from "./keeps-no-env.ts";

const globals = createEvaluator().state.globalNames;

/** The body of `x: BODY` (inside `let g = …; in`, so g is an enclosing scope's variable). */
function body(text: string): Expr {
  const e = parse(`let g = 1; in x: ${text}`, { file: "t.nix", baseDir: "/", globals });
  assert.ok(e.kind === "let" && e.body.kind === "lambda");
  return e.body.body;
}

test("a body evaluated strictly throughout keeps no environment", () => {
  for (const text of [
    "x",
    "x + 1 - g * 2",
    "x.a.b or g",
    "x ? a && !(x == g)",
    "if x then 1 else -x",
    "assert x > 0; x",
    '"a${x}b${toString x}${g}"',
    "builtins.add x 1",
    "builtins.elemAt x 0",
    "x.${x.name}",
    "/abs/path",
  ]) {
    assert.equal(keepsNoEnv(body(text)), true, text);
  }
});

test("a thunk, function or child environment made from the body's environment keeps it", () => {
  for (const text of [
    "y: x",
    "{ a = x; }",
    "[ x ]",
    "let y = x; in y",
    "with x; a",
    "builtins.add (x + 1) 1",
    "builtins.add g 1",
    "f: f (y: y)",
    "x + (y: y) 1",
    "if x then { } else 1",
    "x.a or [ x ]",
    "~/home-path",
  ]) {
    assert.equal(keepsNoEnv(body(text)), false, text);
  }
  const deferred: Expr = { kind: "deferred", span: { file: "t.nix", line: 1, column: 1 }, load: () => body("x") };
  assert.equal(keepsNoEnv(deferred), false, "a deferred subtree is not looked into");
});
