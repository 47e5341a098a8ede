/** Tests for `match` and `split` with POSIX extended regexes; expected values from Nix 2.8 (libstdc++ std::regex). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, makeWorld, plain } from "./test-helpers.ts";

const { b } = makeWorld();
const match = (re: string, s: string) => plain(call(b("match"), re, s));
const split = (re: string, s: string) => plain(call(b("split"), re, s));

test("match must cover the whole string and gives the groups", () => {
  assert.deepEqual(match("a(b)?c", "ac"), [null]);
  assert.deepEqual(match("([0-9]+)\\.([0-9]+)", "12.5"), ["12", "5"]);
  assert.equal(match("b", "abc"), null);
  assert.deepEqual(match("(a)|b", "b"), [null]);
  assert.deepEqual(match("()", ""), [""]);
  assert.deepEqual(match("", ""), []);
  assert.deepEqual(match("(a|ab)(c|bcd)(d*)", "abcd"), ["a", "bcd", ""]);
});

test("POSIX classes, brackets and escapes", () => {
  assert.deepEqual(match("[[:alpha:]_]+", "a_"), []);
  assert.deepEqual(match("[[:space:]]*x", " \tx"), []);
  assert.deepEqual(match("[a-]+", "a-"), []);
  assert.deepEqual(match("[]a]+", "]a"), []);
  assert.deepEqual(match("[\\]", "\\"), []);
  assert.deepEqual(match("a}", "a}"), []);
  assert.deepEqual(match("a.b", "a\nb"), []);
  assert.deepEqual(match("a{2}{2}", "aaaa"), []);
  assert.deepEqual(match("a*?", "aa"), []);
});

test("bytes, not characters", () => {
  assert.equal(match(".", "é"), null);
  assert.deepEqual(match("..", "é"), []);
  assert.deepEqual(match("[é]+", "é"), []);
  assert.deepEqual(match("(.*)-x", "ü-x"), ["ü"]);
});

test("invalid patterns are errors", () => {
  for (const re of ["\\d", "\\n", "\\}", "a{2", "a{,2}", "(*a)", "^*a", "[[:foo:]]", "[z-a]", "(a", "a)"]) {
    assert.throws(() => match(re, "a"), { message: `invalid regular expression '${re}'` }, re);
  }
});

test("split gives the parts between matches and each match's groups", () => {
  assert.deepEqual(split(",", "a,b"), ["a", [], "b"]);
  assert.deepEqual(split("(,)", "a,b,"), ["a", [","], "b", [","], ""]);
  assert.deepEqual(split("x", "abc"), ["abc"]);
  assert.deepEqual(split("(a)|b", "ab"), ["", ["a"], "", [null], ""]);
  assert.deepEqual(split("^a", "aa"), ["", [], "a"]);
});

test("split steps over empty matches as std::regex_iterator does", () => {
  assert.deepEqual(split("a*", "baa"), ["", [], "b", [], "", [], ""]);
  assert.deepEqual(split("x*", "ab"), ["", [], "a", [], "b", [], ""]);
  assert.deepEqual(split("a*(ab)*", "aabab"), ["", [null], "", [null], "b", [null], "", [null], "b", [null], ""]);
});

test("split prefers the longest alternative", () => {
  assert.deepEqual(split("(a|ab)", "abc"), ["", ["ab"], "c"]);
  assert.deepEqual(split("(a|ab)(c|bcd)(d*)", "abcd"), ["", ["a", "bcd", ""], ""]);
});
