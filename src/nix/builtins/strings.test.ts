/** Tests for the string and version builtins (byte counting, contexts, Nix's version order); expected values from Nix 2.8. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NixPath, NixString } from "../value.ts";
import { boom, call, fn, makeWorld, plain, set } from "./test-helpers.ts";

const { b } = makeWorld();
const withCtx = (s: string, ...ctx: string[]) => new NixString(s, new Set(ctx));

test("toString coerces more than interpolation does", () => {
  assert.equal(call(b("toString"), [1n, [], "a", null, true, 1.5]), "1 a  1 1.500000");
  assert.equal(call(b("toString"), new NixPath("/a/b")), "/a/b");
  assert.equal(call(b("toString"), set({ outPath: "/o" })), "/o");
  assert.equal(call(b("toString"), set({ __toString: fn(() => "ts") })), "ts");
  assert.throws(() => call(b("toString"), fn((x) => x)), { message: "cannot coerce a function to a string: «lambda»" });
});

test("stringLength and substring count UTF-8 bytes", () => {
  assert.equal(call(b("stringLength"), "€x"), 4n);
  assert.equal(call(b("substring"), 3n, 1n, "€x"), "x");
  assert.equal(call(b("substring"), 1n, -3n, "abcdef"), "bcdef");
  assert.equal(call(b("substring"), 10n, 2n, "abc"), "");
  assert.throws(() => call(b("substring"), -1n, 2n, "abc"), { message: "negative start position in 'substring'" });
});

test("substring keeps the context, even of an empty result", () => {
  assert.deepEqual(plain(call(b("substring"), 0n, 0n, withCtx("abc", "/nix/store/x"))), { s: "", context: ["/nix/store/x"] });
  assert.deepEqual(plain(call(b("substring"), 0n, 1n, withCtx("abc", "/nix/store/x"))), { s: "a", context: ["/nix/store/x"] });
});

test("concatStringsSep coerces the items and joins contexts", () => {
  assert.equal(call(b("concatStringsSep"), ", ", ["a", "b"]), "a, b");
  const r = call(b("concatStringsSep"), "-", [withCtx("a", "/nix/store/a"), new NixPath("/src/f")]);
  assert.deepEqual(plain(r), {
    s: "a-/nix/store/00000000000000000000000000000000-f",
    context: ["/nix/store/00000000000000000000000000000000-f", "/nix/store/a"],
  });
  assert.deepEqual(plain(call(b("concatStringsSep"), withCtx("-", "/nix/store/sep"), ["a"])), { s: "a", context: ["/nix/store/sep"] });
  assert.throws(() => call(b("concatStringsSep"), 1n, []), { message: "expected a string but found an integer: 1" });
});

test("replaceStrings: first pattern wins at each position, empty patterns match everywhere", () => {
  assert.equal(call(b("replaceStrings"), ["oo", "o"], ["0", "1"], "foo boo o"), "f0 b0 1");
  assert.equal(call(b("replaceStrings"), [""], ["-"], "ab"), "-a-b-");
  assert.equal(call(b("replaceStrings"), ["x"], [boom()], "abc"), "abc");
  assert.throws(() => call(b("replaceStrings"), ["a", ""], ["b"], "ab"), {
    message: "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
  });
});

test("baseNameOf and dirOf follow Nix's text rules", () => {
  assert.equal(call(b("baseNameOf"), "/a/b/"), "b");
  assert.equal(call(b("baseNameOf"), "a//"), "");
  assert.equal(call(b("baseNameOf"), new NixPath("/a/b")), "b");
  assert.equal(call(b("dirOf"), "a"), ".");
  assert.equal(call(b("dirOf"), "/a"), "/");
  assert.equal(call(b("dirOf"), "/a/b/"), "/a/b");
  assert.deepEqual(plain(call(b("dirOf"), new NixPath("/a/b"))), { path: "/a" });
});

test("compareVersions orders components as Nix does", () => {
  const cmp = (x: string, y: string) => call(b("compareVersions"), x, y);
  assert.equal(cmp("1.2.3", "1.2.10"), -1n);
  assert.equal(cmp("2.3a", "2.3.1"), -1n);
  assert.equal(cmp("1.0pre1", "1.0"), -1n);
  assert.equal(cmp("1.0", "1.0.0"), -1n);
  assert.equal(cmp("1.10", "1.9"), 1n);
  assert.equal(cmp("2.0", "2.0"), 0n);
});

test("splitVersion and parseDrvName", () => {
  assert.deepEqual(call(b("splitVersion"), "1.2.3pre-4_5"), ["1", "2", "3", "pre", "4", "_", "5"]);
  assert.deepEqual(plain(call(b("parseDrvName"), "nix-0.12pre12876")), { name: "nix", version: "0.12pre12876" });
  assert.deepEqual(plain(call(b("parseDrvName"), "foo-bar-baz")), { name: "foo-bar-baz", version: "" });
  assert.deepEqual(plain(call(b("parseDrvName"), "hello-2.10-x")), { name: "hello", version: "2.10-x" });
});

test("names that must not refer to the store say so", () => {
  assert.throws(() => call(b("getAttr"), withCtx("a", "/nix/store/abc-x"), set({})), {
    message: "the string 'a' is not allowed to refer to a store path (such as '/nix/store/abc-x')",
  });
});
