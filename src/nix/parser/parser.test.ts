import { test } from "node:test";
import assert from "node:assert/strict";
import { UserErrors } from "../../diagnostics/user-error.ts";
import type { EAttrs, EBinary, Expr } from "../ast.ts";
import { parse, ParseError } from "./parse.ts";

const globals = new Set(["builtins", "true", "false", "null", "map", "toString"]);
const p = (src: string): Expr => parse(src, { file: "t.nix", baseDir: "/dir", globals });

function problems(src: string): string[] {
  try {
    p(src);
  } catch (e) {
    if (e instanceof UserErrors) return e.errors.map((x) => `${x.location?.line}:${x.location?.column} ${x.message}`);
    if (e instanceof ParseError) return [`${e.location?.line}:${e.location?.column} ${e.message}`];
    throw e;
  }
  return [];
}

test("operator precedence and associativity", () => {
  const e = p("1 + 2 * 3") as EBinary;
  assert.equal(e.op, "+");
  assert.equal((e.right as EBinary).op, "*");
  const u = p("{} // {} // {}") as EBinary;
  assert.equal((u.right as EBinary).op, "//");
  const i = p("true -> false -> true") as EBinary;
  assert.equal((i.right as EBinary).op, "->");
  const n = p("!true == false");
  assert.equal(n.kind, "binary");
});

test("every node carries a span", () => {
  const e = p("let\n  a = 1;\nin a") as Expr & { kind: "let" };
  assert.deepEqual(e.span, { file: "t.nix", line: 1, column: 1 });
  assert.deepEqual(e.body.span, { file: "t.nix", line: 3, column: 4 });
});

test("attribute paths merge at parse time", () => {
  const e = p("{ a.b = 1; a.c = 2; x = { y = 1; }; x.z = 2; }") as EAttrs;
  const a = e.bindings.attrs.get("a")?.value;
  assert.ok(a?.kind === "plain" && a.value.kind === "attrs");
  assert.deepEqual([...a.value.bindings.attrs.keys()], ["b", "c"]);
  const x = e.bindings.attrs.get("x")?.value;
  assert.ok(x?.kind === "plain" && x.value.kind === "attrs");
  assert.deepEqual([...x.value.bindings.attrs.keys()], ["y", "z"]);
});

test("relative paths resolve against the file's directory, lexically", () => {
  assert.deepEqual(p("./a/../b"), { kind: "path", path: "/dir/b", style: "plain", span: { file: "t.nix", line: 1, column: 1 } });
});

test("variables resolve statically; with makes lookups dynamic", () => {
  const e = p("let x = 1; in x") as Expr & { kind: "let" };
  assert.deepEqual((e.body as Expr & { kind: "var" }).resolution, { kind: "local", level: 0, index: 0 });
  const w = p("with {}; y") as Expr & { kind: "with" };
  assert.deepEqual((w.body as Expr & { kind: "var" }).resolution, { kind: "with", levels: [0] });
});

test("all of a file's errors are reported at once, in order", () => {
  assert.deepEqual(problems("{\n  a = ;\n  b = c;\n  b = 2;\n}"), [
    "2:7 syntax error, unexpected ';'",
    "3:7 undefined variable 'c'",
    "4:3 attribute 'b' already defined at t.nix:3:3",
  ]);
});

test("lambda names come from their binding", () => {
  const e = p("{ f = x: x; }") as EAttrs;
  const f = e.bindings.attrs.get("f")?.value;
  assert.ok(f?.kind === "plain" && f.value.kind === "lambda");
  assert.equal(f.value.name, "f");
});

test("indented strings strip the common indentation", () => {
  assert.deepEqual(p("''\n    a\n      b\n  ''"), { kind: "str", value: "a\n  b\n", span: { file: "t.nix", line: 1, column: 1 } });
});

function warnings(src: string): string[] {
  const out: string[] = [];
  parse(src, { file: "t.nix", baseDir: "/dir", globals, warn: (m) => out.push(m) });
  return out;
}

test("`f or` is a call of f with the variable `or`, warned of where its meaning will change", () => {
  const call = p("let or = 1; in (x: x) or") as Expr & { kind: "let" };
  assert.equal(call.body.kind, "call");
  assert.deepEqual(warnings("let or = 1; in [ (x: x) or ]"), [
    "at t.nix:1:18: This expression uses `or` as an identifier in a way that will change in a future Nix release.\n" +
      "Wrap this entire expression in parentheses to preserve its current meaning:\n" +
      "    ((x: x) or)\n" +
      "Give feedback at https://github.com/NixOS/nix/pull/11121",
  ]);
  assert.equal(warnings("let or = 1; f = x: y: x; in f 2 (x: x) or").length, 1);
  assert.equal(warnings("let or = 1; in { a = 2; }.b or (x: x) or").length, 1);
  assert.deepEqual(warnings("let or = x: x; in map or [ ]"), []);
  assert.deepEqual(warnings("let or = 1; f = x: x; in f (f or)"), []);
  assert.deepEqual(warnings("let s = { or = 1; }; in s.or"), []);
});

test("a let cannot bind a dynamic attribute, even an interpolation of a literal; a nested one is allowed", () => {
  assert.deepEqual(problems('let\n  "${"a"}" = 1;\nin a'), ["1:1 dynamic attributes not allowed in let"]);
  assert.deepEqual(problems('let\n  ${"${"a"}"} = 1;\nin a'), ["1:1 dynamic attributes not allowed in let"]);
  assert.deepEqual(problems('let a.${"b" + ""} = 1; in a'), []);
  assert.deepEqual(problems('let ${"a"} = 1; in a'), []);
});

test("after a broken binding, parsing resumes at that binding's own `;`, and its name stays defined", () => {
  assert.deepEqual(problems("let\n  f = { x, y : [ 1 ] }: x;\n  g = f;\nin g"), ["2:14 syntax error, unexpected ':', expecting '}' or ','"]);
  assert.deepEqual(problems("let\n  a = ;\n  a = 1;\nin a"), ["2:7 syntax error, unexpected ';'"]);
});
