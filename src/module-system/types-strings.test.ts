/**
 * String types, enum, path and package: what each accepts and how several
 * definitions merge (equal values, concatenation in definition order, union
 * of enum declarations, one package only).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, mkAfter, mkBefore, mkOption, optionValue, types } from "./test-support.ts";
import { typeFromValue } from "./types/option-type.ts";
import { fromJS } from "../nix/js-value.ts";
import { NixPath, NixString, type Value } from "../nix/value.ts";
import { types as raw } from "./types/index.ts";

const check = (t: unknown, v: Value) => typeFromValue(fromJS(t), "t").check(v);
const desc = (t: unknown) => typeFromValue(fromJS(t), "t").description;

test("str accepts strings (with or without context), not paths or numbers", () => {
  assert.equal(check(types.str, "x"), true);
  assert.equal(check(types.str, new NixString("x", new Set(["/nix/store/a"]))), true);
  assert.equal(check(types.str, new NixPath("/etc")), false);
  assert.equal(check(types.str, 1n), false);
  assert.equal(optionValue(types.str, "same", "same"), "same");
  assert.match(errorOf(() => optionValue(types.str, "a", "b")).message, /^The option `a' has conflicting definition values:/);
});

test("nonEmptyStr rejects strings of only spaces, tabs and newlines", () => {
  assert.equal(check(types.nonEmptyStr, "x"), true);
  assert.equal(check(types.nonEmptyStr, " x "), true);
  assert.equal(check(types.nonEmptyStr, ""), false);
  assert.equal(check(types.nonEmptyStr, " \t\n"), false);
});

test("singleLineStr allows one trailing newline and strips it when merging", () => {
  assert.equal(check(types.singleLineStr, "abc"), true);
  assert.equal(check(types.singleLineStr, "abc\n"), true);
  assert.equal(check(types.singleLineStr, "\n"), true);
  assert.equal(check(types.singleLineStr, "a\nb"), false);
  assert.equal(check(types.singleLineStr, "a\n\n"), false);
  assert.equal(check(types.singleLineStr, "a\rb"), false);
  assert.equal(optionValue(types.singleLineStr, "host\n"), "host");
});

test("strMatching matches the whole string", () => {
  const t = types.strMatching("[0-7]{1,5}");
  assert.equal(check(t, "700"), true);
  assert.equal(check(t, "7008"), false);
  assert.equal(check(t, "x700"), false);
  assert.equal(desc(t), "string matching the pattern [0-7]{1,5}");
  assert.equal(check(types.strMatching("[[:alnum:]_-]+"), "a_b-1"), true);
  assert.equal(check(types.strMatching("[[:alnum:]_-]+"), "a b"), false);
});

test("passwdEntry forbids colons and newlines", () => {
  const t = types.passwdEntry(types.str);
  assert.equal(check(t, "Alice Q. User"), true);
  assert.equal(check(t, "a:b"), false);
  assert.equal(check(t, "a\nb"), false);
  assert.equal(check(t, 3n), false);
  assert.equal(desc(t), "string, not containing newlines or colons");
});

test("passwdEntry path checks a derivation and a path value by their text, as nixpkgs' hasInfix (nix-instantiate: true for a derivation)", () => {
  const t = types.passwdEntry(types.path);
  assert.equal(check(t, fromJS({ type: "derivation", outPath: "/nix/store/aaa-hello" })), true);
  assert.equal(check(t, fromJS({ type: "derivation", outPath: "/nix/store/aaa-a:b" })), false);
  assert.equal(check(t, new NixPath("/bin/sh")), true);
  assert.equal(check(t, "relative"), false);
});

test("lines and commas concatenate every definition in definition order", () => {
  // Later modules' definitions come first (nixpkgs reverses the module list).
  assert.equal(optionValue(types.lines, "first", "second"), "second\nfirst");
  assert.equal(optionValue(types.commas, "a", "b", "c"), "c,b,a");
  assert.equal(optionValue(types.separatedString("|"), "x", "y"), "y|x");
  assert.equal(optionValue(types.envVar, "/bin", "/sbin"), "/sbin:/bin");
  assert.equal(desc(types.lines), 'strings concatenated with "\\n"');
});

test("lines are ordered by mkBefore and mkAfter", () => {
  const v = optionValue(types.lines, mkAfter("last"), "middle", mkBefore("first"));
  assert.equal(v, "first\nmiddle\nlast");
});

test("separated strings keep the contexts of their parts", () => {
  const merged = raw.lines.merge(["a"], [
    { file: "f", value: new NixString("x", new Set(["/nix/store/a"])) },
    { file: "f", value: "y" },
  ]);
  assert.ok(merged instanceof NixString);
  assert.equal(merged.s, "x\ny");
  assert.deepEqual([...merged.context], ["/nix/store/a"]);
});

test("enum accepts its values only and is described with them", () => {
  const t = types.enum(["a", "b", 3, true]);
  assert.equal(check(t, "a"), true);
  assert.equal(check(t, 3n), true);
  assert.equal(check(t, true), true);
  assert.equal(check(t, "c"), false);
  assert.equal(desc(t), 'one of "a", "b", 3, true');
  assert.equal(desc(types.enum(["only"])), 'value "only" (singular enum)');
  assert.equal(desc(types.enum([])), "impossible (empty enum)");
  assert.match(errorOf(() => optionValue(types.enum(["a", "b"]), "a", "b")).message, /conflicting definition values/);
});

test("two enum declarations of one option merge into the union of their values", () => {
  const modules = [declare({ mode: mkOption({ type: types.enum(["fast", "slow"]) }) }), declare({ mode: mkOption({ type: types.enum(["off"]) }) })];
  assert.equal(configOf(...modules, { mode: "off" }).mode, "off");
  assert.equal(configOf(...modules, { mode: "fast" }).mode, "fast");
  const e = errorOf(() => configOf(...modules, { mode: "other" }).mode);
  assert.equal(e.message, "A definition for option `mode' is not of type `one of \"off\", \"fast\", \"slow\"'. Definition values:\n- In `<unknown-file>': \"other\"");
});

test("path accepts absolute string-like values", () => {
  assert.equal(check(types.path, "/etc/hosts"), true);
  assert.equal(check(types.path, new NixPath("/etc")), true);
  assert.equal(check(types.path, fromJS({ outPath: "/nix/store/x-y" })), true);
  assert.equal(check(types.path, "etc/hosts"), false);
  assert.equal(check(types.path, 1n), false);
  assert.equal(optionValue(types.path, "/a", "/a"), "/a");
  assert.match(errorOf(() => optionValue(types.path, "/a", "/b")).message, /conflicting definition values/);
});

test("package accepts derivations and store paths, and only one definition", () => {
  const hello = { type: "derivation", name: "hello", outPath: "/nix/store/abc-hello" };
  assert.equal(check(types.package, fromJS(hello)), true);
  assert.equal(check(types.package, "/nix/store/abc-hello"), true);
  assert.equal(check(types.package, "hello"), false);
  assert.equal(optionValue(types.package, hello).name, "hello");
  const e = errorOf(() => optionValue(types.package, hello, hello));
  assert.equal(
    e.message,
    "The option `a' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `<unknown-file>': <derivation hello>\n- In `<unknown-file>': <derivation hello>\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
  );
});

test("strMatching uses builtins.match's POSIX engine: bracket expressions with ] and \\, classes", () => {
  assert.equal(raw.strMatching("[]a]*").check(new NixString("]a", new Set())), true);
  assert.equal(raw.strMatching("[^]]*").check(new NixString("abc", new Set())), true);
  assert.equal(raw.strMatching("[a\\]+").check(new NixString("a\\a", new Set())), true);
  assert.equal(raw.strMatching("[[:alpha:]]+").check(new NixString("abc", new Set())), true);
  assert.equal(raw.strMatching("[[:alpha:]]+").check(new NixString("ab1", new Set())), false);
});
