/**
 * lib.strings through the value model: concatenation (with contexts kept),
 * prefixes and suffixes, splitting, replacing, case, escaping for the
 * shell, Nix, regexes and XML, ints, names and versions, match/split.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, jsFn, run } from "./test-support.ts";
import { NixString, type Value } from "../nix/value.ts";
import { CatchableError } from "../nix/errors.ts";

const withContext = (s: string, ...ctx: string[]) => new NixString(s, new Set(ctx));
const contextOf = (v: Value) => (v instanceof NixString ? [...v.context].sort() : []);

test("concatenation", () => {
  assert.equal(run("concatStrings", ["a", "b"]), "ab");
  assert.equal(run("concatStringsSep", ", ", ["a", "b", "c"]), "a, b, c");
  assert.equal(run("concatMapStrings", jsFn((x: string) => x + x), ["a", "b"]), "aabb");
  assert.equal(run("concatMapStringsSep", "-", jsFn((x: number) => `n${x}`), [1, 2]), "n1-n2");
  assert.equal(run("concatImapStrings", jsFn((i: number, x: string) => `${i}${x}`), ["a", "b"]), "1a2b");
  assert.equal(run("concatImapStringsSep", ",", jsFn((i: number, x: string) => `${i}${x}`), ["a", "b"]), "1a,2b");
  assert.equal(run("concatMapAttrsStringSep", ";", jsFn((n: string, v: number) => `${n}=${v}`), { b: 2, a: 1 }), "a=1;b=2");
  assert.equal(run("concatLines", ["a", "b"]), "a\nb\n");
  assert.deepEqual(run("intersperse", "/", ["a", "b", "c"]), ["a", "/", "b", "/", "c"]);
  assert.throws(() => call("concatStringsSep", ",", [1]), /cannot coerce an integer to a string/);
});

test("string contexts survive concatenation and slicing", () => {
  const out = call("concatStringsSep", "/", [withContext("/nix/store/a-x", "/nix/store/a-x"), withContext("bin", "/nix/store/b-y")]);
  assert.deepEqual(contextOf(out), ["/nix/store/a-x", "/nix/store/b-y"]);
  assert.deepEqual(contextOf(call("removePrefix", "/nix", withContext("/nix/store/a-x", "/nix/store/a-x"))), ["/nix/store/a-x"]);
  assert.deepEqual(contextOf(call("toUpper", withContext("x", "/nix/store/c"))), ["/nix/store/c"]);
});

test("optionalString, prefixes, suffixes, infixes", () => {
  assert.deepEqual([run("optionalString", true, "x"), run("optionalString", false, "x")], ["x", ""]);
  assert.deepEqual([run("hasPrefix", "foo", "foobar"), run("hasSuffix", "bar", "foobar"), run("hasInfix", "ob", "foobar")], [true, true, true]);
  assert.deepEqual([run("removePrefix", "foo", "foobar"), run("removePrefix", "x", "foobar"), run("removeSuffix", "bar", "foobar")], ["bar", "foobar", "foo"]);
});

test("splitString, stringToCharacters, replaceStrings, case", () => {
  assert.deepEqual(run("splitString", ".", "a.b..c"), ["a", "b", "", "c"]);
  assert.deepEqual(run("splitString", "", "ab"), ["", "a", "b", ""]);
  assert.deepEqual(run("stringToCharacters", "abc"), ["a", "b", "c"]);
  assert.equal(run("replaceStrings", ["a", "b"], ["b", "a"], "abba"), "baab");
  assert.equal(run("replaceStrings", [""], ["-"], "ab"), "-a-b-");
  assert.deepEqual([run("toUpper", "Straße ok"), run("toLower", "ABC"), run("toSentenceCase", "hELLO")], ["STRAßE OK", "abc", "Hello"]);
  assert.deepEqual([run("stringLength", "é"), run("substring", 1, 2, "abcd")], [2, "bc"]);
  assert.deepEqual([run("trim", " \t x y \n"), run("trimWith", { start: true }, "  x  ")], ["x y", "x  "]);
});

test("escaping for the shell", () => {
  assert.equal(run("escapeShellArg", "safe-path/a_b.c:1@2%3+4,5"), "safe-path/a_b.c:1@2%3+4,5");
  assert.equal(run("escapeShellArg", "it's here"), "'it'\\''s here'");
  assert.equal(run("escapeShellArg", ""), "''");
  assert.equal(run("escapeShellArg", 42), "42");
  assert.equal(run("escapeShellArgs", ["a b", "c"]), "'a b' c");
  assert.equal(run("toShellVar", "x", "a b"), "x='a b'");
  assert.equal(run("toShellVar", "arr", ["a", "b c"]), "declare -a arr=(a 'b c')");
  assert.equal(run("toShellVar", "map", { k: "v w" }), "declare -A map=([k]='v w')");
  assert.equal(run("toShellVars", { A: "1", B: "x y" }), "A=1\nB='x y'");
  assert.throws(() => call("toShellVar", "1x", "v"), /toShellVar: 1x is not a valid shell variable name/);
  assert.deepEqual([run("isValidPosixName", "_a1"), run("isValidPosixName", "a-b")], [true, false]);
});

test("escaping for Nix, regexes, XML, C and URLs", () => {
  assert.equal(run("escape", ["$", "\""], 'a$b"c'), 'a\\$b\\"c');
  assert.equal(run("escapeNixString", "a${b}\n"), '"a\\${b}\\n"');
  assert.deepEqual([run("escapeNixIdentifier", "foo-bar"), run("escapeNixIdentifier", "foo.bar"), run("escapeNixIdentifier", "if")], ["foo-bar", '"foo.bar"', '"if"']);
  assert.equal(run("escapeRegex", "a.b*c"), "a\\.b\\*c");
  assert.equal(run("escapeXML", `<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  assert.equal(run("escapeC", [" "], "a b"), "a\\x20b");
  // As nixpkgs: only characters of its ASCII table are escaped; other bytes pass through.
  assert.equal(run("escapeURL", "a b/é"), "a%20b%2Fé");
});

test("toInt refuses leading zeros and junk; toIntBase10 accepts zeros", () => {
  assert.deepEqual([run("toInt", " 42 "), run("toInt", "-7"), run("toIntBase10", "007")], [42, -7, 7]);
  assert.throws(() => call("toInt", "012"), { message: 'toInt: Ambiguity in interpretation of "012" between octal and zero padded integer.' });
  assert.throws(() => call("toInt", "1.5"), (e) => e instanceof CatchableError && e.message === 'toInt: Could not convert "1.5" to int.');
});

test("names, versions, features and padding", () => {
  assert.deepEqual([run("getName", "hello-2.12.1"), run("getVersion", "hello-2.12.1"), run("getName", "font-util-1.3")], ["hello", "2.12.1", "font-util"]);
  assert.deepEqual([run("enableFeature", true, "x"), run("enableFeatureAs", false, "y", "v"), run("withFeatureAs", true, "z", "v")], ["--enable-x", "--disable-y", "--with-z=v"]);
  assert.deepEqual([run("fixedWidthString", 5, "0", "12"), run("fixedWidthNumber", 3, 7)], ["00012", "007"]);
  assert.equal(run("floatToString", 1.5), "1.500000");
  assert.deepEqual([run("isStorePath", "/nix/store/abc-x"), run("isStorePath", "/nix/store/abc-x/bin"), run("isStringLike", { outPath: "/x" })], [true, false, true]);
  assert.equal(run("levenshtein", "kitten", "sitting"), 3);
});

test("match and split use POSIX classes; toJSON and fromJSON", () => {
  assert.deepEqual(run("match", "([[:alpha:]]+)-([0-9]+)?", "abc-"), ["abc", null]);
  assert.equal(run("match", "b", "abc"), null);
  assert.deepEqual(run("split", "(,)", "a,b"), ["a", [","], "b"]);
  assert.equal(run("strings.toJSON", { b: [1, 1.5, null, true], a: "x\"" }), '{"a":"x\\"","b":[1,1.5,null,true]}');
  assert.deepEqual(run("strings.fromJSON", '{"a": [1, 2.5, "s", null]}'), { a: [1, 2.5, "s", null] });
});
