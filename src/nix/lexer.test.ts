import { test } from "node:test";
import assert from "node:assert/strict";
import { lex } from "./lexer.ts";

const types = (src: string) => lex(src).tokens.map((t) => t.type).filter((t) => t !== "EOF");
const texts = (src: string) => lex(src).tokens.filter((t) => t.type !== "EOF").map((t) => `${t.type}:${t.text}`);

test("a/b is a path and a / b a division", () => {
  assert.deepEqual(types("a/b"), ["PATH", "PATH_END"]);
  assert.deepEqual(types("a / b"), ["ID", "/", "ID"]);
});

test("x:x is a URI, x: x a lambda, _:x a lambda", () => {
  assert.deepEqual(types("x:x"), ["URI"]);
  assert.deepEqual(types("x: x"), ["ID", ":", "ID"]);
  assert.deepEqual(types("_:x"), ["ID", ":", "ID"]);
});

test("identifiers take - and ' after the first character; keywords win ties only", () => {
  assert.deepEqual(texts("foldl' system-manager x'' or orx"), ["ID:foldl'", "ID:system-manager", "ID:x''", "OR_KW:or", "ID:orx"]);
});

test("floats need a dot; 1e5 is an int and an identifier", () => {
  assert.deepEqual(texts(".5 1. 1.5e3 1e5"), ["FLOAT:.5", "FLOAT:1.", "FLOAT:1.5e3", "INT:1", "ID:e5"]);
});

test("string escapes, $${ and interpolation", () => {
  assert.deepEqual(texts('"a\\nb$${x}${y}"'), ['":"', "STR:a\nb$${x}", "DOLLAR_CURLY:${", "ID:y", "}:}", '":"']);
});

test("braces nest inside interpolations", () => {
  assert.deepEqual(types('"${ { a = 1; }.a }"'), ['"', "DOLLAR_CURLY", "{", "ID", "=", "INT", ";", "}", ".", "ID", "}", '"']);
});

test("indented strings: escapes are separate tokens", () => {
  assert.deepEqual(texts("''a''$b'''c''\\nd''"), ["IND_STRING_OPEN:''", "IND_STR:a", "IND_ESC:$", "IND_STR:b", "IND_ESC:''", "IND_STR:c", "IND_ESC:\n", "IND_STR:d", "IND_STRING_CLOSE:''"]);
});

test("paths with interpolation, and a trailing slash error", () => {
  assert.deepEqual(texts("./a/${x}.nix"), ["PATH:./a/", "DOLLAR_CURLY:${", "ID:x", "}:}", "STR:.nix", "PATH_END:"]);
  assert.equal(lex("./foo/ ").errors[0]?.message, "path has a trailing slash");
});

test("comments are skipped; positions are 1-based", () => {
  const t = lex("# c\n  /* b */ x").tokens[0];
  assert.equal(t?.text, "x");
  assert.equal(t?.line, 2);
  assert.equal(t?.column, 11);
});

test("integers beyond int64 are an error", () => {
  assert.equal(lex("9223372036854775808").errors[0]?.message, "invalid integer '9223372036854775808'");
});

test("where identifiers and integers end a longer rule may take over: paths, URIs, floats", () => {
  assert.deepEqual(texts("a-b/c 12/3 1a/b x+y/z"), ["PATH:a-b/c", "PATH_END:", "PATH:12/3", "PATH_END:", "PATH:1a/b", "PATH_END:", "PATH:x+y/z", "PATH_END:"]);
  assert.deepEqual(texts("a.b/c a.b"), ["PATH:a.b/c", "PATH_END:", "ID:a", ".:.", "ID:b"]);
  assert.deepEqual(texts("https://x.org/a?b=c a:b _a:b"), ["URI:https://x.org/a?b=c", "URI:a:b", "ID:_a", ":::", "ID:b"]);
  assert.deepEqual(texts("12.5 12 12a 007"), ["FLOAT:12.5", "INT:12", "INT:12", "ID:a", "INT:007"]);
  assert.deepEqual(texts("a==b!=c!d=e"), ["ID:a", "EQ:==", "ID:b", "NEQ:!=", "ID:c", "!:!", "ID:d", "=:=", "ID:e"]);
  assert.deepEqual(texts("{a=[(b);c@d?e*f,g];}"), ["{:{", "ID:a", "=:=", "[:[", "(:(", "ID:b", "):)", ";:;", "ID:c", "@:@", "ID:d", "?:?", "ID:e", "*:*", "ID:f", ",:,", "ID:g", "]:]", ";:;", "}:}"]);
  assert.deepEqual(lex("x\n  if").tokens.slice(0, 2).map((t) => [t.type, t.line, t.column, t.offset]), [["ID", 1, 1, 0], ["IF", 2, 3, 4]]);
});

test("a NUL byte in a string literal is refused where the literal's text starts", () => {
  const plain = lex('x: "ab\0c"').errors;
  assert.deepEqual(plain.map((e) => [e.line, e.column, e.message]), [[1, 5, "input string 'ab\u2400c' cannot be represented as Nix string because it contains null bytes"]]);
  const indented = lex("''\n  a\n  \0\n''").errors;
  assert.deepEqual(indented.map((e) => [e.line, e.column, e.message]), [[2, 1, "input string '  a\n  \u2400\n' cannot be represented as Nix string because it contains null bytes"]]);
  assert.deepEqual(lex('"no nul"').errors, []);
});

test("positions count a lone CR as a line end, and CRLF once", () => {
  const at = (src: string) => lex(src).tokens.filter((t) => t.type === "ID").map((t) => `${t.line}:${t.column}`);
  assert.deepEqual(at("# a\rx\ny"), ["2:1", "3:1"]);
  assert.deepEqual(at("# a\r\nx\r\n  y"), ["2:1", "3:3"]);
});
