/**
 * lib.types as Nix values: the module system's types (checks, names,
 * descriptions, merges callable from Nix), constructors taking Nix values
 * (submodules of Nix module functions), types written in Nix with
 * mkOptionType or `//`, and the extra types (addCheck, nonEmptyListOf,
 * deferredModule, numbers, shellPackage).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, get, jsFn, lib, nixModule, plain, run, set } from "./test-support.ts";
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { jsLib } from "../module-system/js-lib.ts";

const T = (path: string) => get(`types.${path}`);
const describe = (t: Value) => (t as NixAttrs).get("description");
const check = (t: Value, v: unknown) => run(get("check", t), v);

/** The value of option `a` of type `t` with the given definitions (each from its own module). */
function valueOf(t: Value, ...defs: unknown[]): unknown {
  const modules = [set({ options: set({ a: call("mkOption", set({ type: t })) }) }), ...defs.map((d, i) => call("setDefaultModuleLocation", `def${i + 1}.nix`, { a: d }))];
  return plain(get("config.a", call("evalModules", set({ modules }))));
}

test("simple types check, describe themselves and are the TypeScript lib's values", () => {
  assert.deepEqual([check(T("str"), "x"), check(T("str"), 1), check(T("int"), 1), check(T("bool"), "true")], [true, false, true, false]);
  assert.deepEqual([describe(T("str")), describe(T("port")), describe(T("lines"))], ["string", "16 bit unsigned integer; between 0 and 65535 (both inclusive)", 'strings concatenated with "\\n"']);
  assert.equal(T("str"), jsLib.types.str);
  assert.equal(T("anything"), jsLib.types.anything);
});

test("constructors take Nix types and values", () => {
  assert.equal(describe(call("types.attrsOf", call("types.listOf", T("int")))), "attribute set of list of signed integer");
  assert.equal(describe(call("types.nullOr", call("types.enum", ["a", 1]))), 'null or one of "a", 1');
  assert.equal(describe(call("types.either", T("str"), T("int"))), "string or signed integer");
  assert.equal(describe(call("types.oneOf", [T("str"), T("int"), T("bool")])), "string or signed integer or boolean");
  assert.equal(describe(call("types.ints.between", 1, 5)), "integer between 1 and 5 (both inclusive)");
  assert.deepEqual([check(call("types.strMatching", "[a-z]+"), "abc"), check(call("types.strMatching", "[a-z]+"), "ab1")], [true, false]);
  assert.equal(describe(call("types.functionTo", T("str"))), "function that evaluates to a(n) string");
  assert.equal(describe(call("types.separatedString", ":")), 'strings concatenated with ":"');
});

test("merges through lib.evalModules, and `t.merge loc defs` callable from Nix", () => {
  // As in nixpkgs, later modules' definitions come first (the module list is reversed).
  assert.deepEqual(valueOf(call("types.listOf", T("int")), [1], [2, 3]), [2, 3, 1]);
  assert.deepEqual(valueOf(call("types.attrsOf", T("int")), { a: 1 }, { b: call("mkForce", 2) }), { a: 1, b: 2 });
  assert.equal(valueOf(T("lines"), "two", call("mkBefore", "one")), "one\ntwo");
  assert.deepEqual(run(get("merge", call("types.listOf", T("str"))), ["x"], [{ file: "f", value: ["a"] }, { file: "g", value: ["b"] }]), ["a", "b"]);
});

test("coercedTo takes a Nix function", () => {
  const t = call("types.coercedTo", T("int"), jsFn((n: number) => `${n}`), T("str"));
  assert.equal(valueOf(t, 5), "5");
  assert.equal(describe(t), "string or signed integer convertible to it");
});

test("a submodule of a Nix module function gets lib and its name", () => {
  const userModule = nixModule(["name", "lib", "config"], (a) =>
    set({
      options: set({
        home: call(get("mkOption", a.get("lib") as Value), set({ type: get("types.str", a.get("lib") as Value), default: `/home/${String(a.get("name"))}` })),
        shell: call(get("mkOption", a.get("lib") as Value), set({ type: get("types.str", a.get("lib") as Value), default: "/bin/sh" })),
      }),
    }),
  );
  const users = call("types.attrsOf", call("types.submodule", userModule));
  assert.deepEqual(valueOf(users, { alice: {} }, { alice: { shell: "/bin/zsh" } }), { alice: { home: "/home/alice", shell: "/bin/zsh" } });
  const withClass = call("types.submoduleWith", { modules: [userModule], class: "homeManager", description: "user" });
  assert.equal(describe(withClass), "user");
  assert.deepEqual(valueOf(withClass, {}), { home: "/home/a", shell: "/bin/sh" });
});

test("mkOptionType: a type written in Nix", () => {
  const even = call("types.mkOptionType", {
    name: "even",
    description: "even integer",
    check: jsFn((x: unknown) => typeof x === "number" && x % 2 === 0),
    merge: jsFn((_loc: string[], defs: { value: number }[]) => defs.reduce((a, d) => a + d.value, 0)),
  });
  assert.deepEqual([run("types.isOptionType", even), describe(even), check(even, 2), check(even, 3)], [true, "even integer", true, false]);
  assert.equal(valueOf(even, 2, 4), 6);
  assert.throws(() => valueOf(even, 3), (e) => e instanceof UserError && e.message.startsWith("A definition for option `a' is not of type `even integer'."));
  const defaults = call("types.mkOptionType", { name: "whatever" });
  assert.deepEqual([describe(defaults), valueOf(defaults, [1], [2])], ["whatever", [2, 1]]);
});

test("a type changed with // keeps working (merge taken from the set)", () => {
  const tweaked = (T("str") as NixAttrs).update(set({ description: "host name", check: jsFn((x: unknown) => typeof x === "string" && !x.includes(" ")) }));
  assert.equal(valueOf(tweaked, "example.org"), "example.org");
  assert.throws(() => valueOf(tweaked, "a b"), /is not of type `host name'/);
});

test("addCheck, nonEmptyListOf, numbers, shellPackage", () => {
  const small = call("types.addCheck", T("int"), jsFn((x: number) => x < 10));
  assert.deepEqual([check(small, 3), check(small, 30), describe(small)], [true, false, "signed integer"]);
  assert.throws(() => valueOf(small, 30), /is not of type `signed integer'/);
  const nonEmpty = call("types.nonEmptyListOf", T("str"));
  assert.equal(describe(nonEmpty), "non-empty (list of string)");
  assert.deepEqual(valueOf(nonEmpty, ["a"]), ["a"]);
  assert.throws(() => valueOf(nonEmpty, []), /is not of type `non-empty \(list of string\)'/);
  assert.equal(describe(call("types.numbers.between", 0, 1.5)), "integer or floating point number between 0 and 1.5 (both inclusive)");
  assert.deepEqual([check(call("types.numbers.between", 0, 1.5), 1), check(T("numbers.positive"), 0)], [true, false]);
  const sh = { type: "derivation", name: "bash", outPath: "/nix/store/b-bash", shellPath: "/bin/bash" };
  assert.deepEqual([check(T("shellPackage"), sh), check(T("shellPackage"), { ...sh, shellPath: undefined })], [true, false]);
});

test("deferredModule keeps definitions as modules located at the option", () => {
  assert.deepEqual(valueOf(T("deferredModule"), { x: 1 }), { imports: [{ _file: "def1.nix, via option a", imports: [{ x: 1 }] }] });
});

test("isType and setType", () => {
  assert.deepEqual([run("isType", "option", call("mkOption", {})), run("types.isType", "if", call("mkIf", true, 1))], [true, true]);
  assert.deepEqual(run("setType", "pkgs", { a: 1 }), { a: 1, _type: "pkgs" });
  assert.ok(lib.get("types") instanceof NixAttrs);
});

test("submoduleWith's specialArgs are read when the submodule is evaluated, so they may come from the config (home-manager's NixOS module)", () => {
  const evaluated = call("evalModules", {
    modules: [
      nixModule(["config", "lib"], (args) => {
        const config = args.lazy("config") as Lazy;
        const mkOption = get("mkOption");
        const type = call("types.submoduleWith", {
          modules: [nixModule(["greeting"], (a) => set({ options: set({ text: call(mkOption, { default: a.lazy("greeting") }) }) }))],
          specialArgs: new Thunk(() => ((force(config) as NixAttrs).get("extra") as NixAttrs).get("args") as NixAttrs),
        });
        return set({
          options: set({ extra: set({ args: call(mkOption, { default: { greeting: "hello" } }) }), user: call(mkOption, { type, default: {} }) }),
        });
      }),
    ],
  });
  assert.deepEqual(plain(((evaluated as NixAttrs).get("config") as NixAttrs).lazy("user") as Lazy), { text: "hello" });
});

test("numbers: between reads as a conjunction, positive and nonnegative as clauses (parenthesised inside attrsOf)", () => {
  assert.equal(describe(call("types.attrsOf", T("numbers.positive"))), "attribute set of (positive integer or floating point number, meaning >0)");
  assert.equal(describe(call("types.attrsOf", T("numbers.nonnegative"))), "attribute set of (nonnegative integer or floating point number, meaning >=0)");
  assert.equal(describe(call("types.attrsOf", call("types.numbers.between", 0, 1.5))), "attribute set of (integer or floating point number between 0 and 1.5 (both inclusive))");
  assert.equal(describe(call("types.either", T("numbers.positive"), T("str"))), "positive integer or floating point number, meaning >0, or string");
});
