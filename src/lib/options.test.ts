/**
 * lib.options and the property side of lib.modules through the value
 * model: option declarations, literal examples, the tagged property sets
 * (the same shapes TypeScript modules build), and the functions that
 * interpret them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, get, plain, run, set } from "./test-support.ts";
import { jsLib } from "../module-system/js-lib.ts";
import { NixAttrs, Thunk } from "../nix/value.ts";

const without = (v: unknown, ...keys: string[]) => Object.fromEntries(Object.entries(v as object).filter(([k]) => !keys.includes(k)));

test("mkOption tags its argument and refuses unknown attributes", () => {
  assert.deepEqual(plain(call("mkOption", set({ default: 1n, description: "d" }))), { _type: "option", default: 1, description: "d" });
  assert.throws(() => call("mkOption", { defualt: 1 }), /function 'mkOption' called with unexpected argument 'defualt'/);
});

test("mkEnableOption matches nixpkgs and the TypeScript lib", () => {
  const opt = call("mkEnableOption", "the thing") as NixAttrs;
  assert.deepEqual(without(plain(opt), "type"), { _type: "option", default: false, example: true, description: "Whether to enable the thing." });
  assert.equal((opt.get("type") as NixAttrs).get("name"), "bool");
  assert.deepEqual(plain(opt), plain(jsLib.mkEnableOption("the thing")));
});

test("mkPackageOption: default from pkgs, literal defaultText, nullable, attribute paths, examples", () => {
  const hello = { type: "derivation", name: "hello", outPath: "/nix/store/h-hello" };
  const pkgs = { hello, python3Packages: { requests: { ...hello, name: "requests" } } };
  const opt = plain(call("mkPackageOption", pkgs, "hello", {})) as Record<string, any>;
  assert.equal(opt.description, "The hello package to use.");
  assert.deepEqual(opt.defaultText, { _type: "literalExpression", text: "pkgs.hello" });
  assert.equal(opt.default.outPath, "/nix/store/h-hello");
  const nested = plain(call("mkPackageOption", pkgs, "requests", { default: ["python3Packages", "requests"], example: "pkgs.foo", extraDescription: "More." })) as Record<string, any>;
  assert.deepEqual([nested.description, nested.defaultText.text, nested.example.text], ["The requests package to use. More.", "pkgs.python3Packages.requests", "pkgs.foo"]);
  const nullable = plain(call("mkPackageOption", pkgs, "none", { default: null, nullable: true })) as Record<string, any>;
  assert.equal(nullable.default, null);
  assert.equal(((call("mkPackageOption", pkgs, "none", { default: null, nullable: true }) as NixAttrs).get("type") as NixAttrs).get("description"), "null or package");
  const missing = call("mkPackageOption", pkgs, "absent", {}) as NixAttrs;
  assert.throws(() => missing.get("default"), /absent cannot be found in pkgs/);
});

test("mkPackageOption quotes attribute names that are not identifiers in defaultText, examples and its error", () => {
  const pkgs = { "2048": { "my-pkg": { type: "derivation", outPath: "/nix/store/x-my" } } };
  const opt = plain(call("mkPackageOption", pkgs, "game", { default: ["2048", "my-pkg"], example: ["2048", "a b"] })) as Record<string, any>;
  assert.equal(opt.defaultText.text, 'pkgs."2048".my-pkg');
  assert.equal(opt.example.text, 'pkgs."2048"."a b"');
  const missing = call("mkPackageOption", pkgs, "q", { default: ['say"hi'] }) as NixAttrs;
  assert.throws(() => missing.get("default"), { message: /^"say\\"hi" cannot be found in pkgs/ });
});

test("mkPackageOption does not read pkgs until the default is needed", () => {
  const pkgs = new Thunk(() => { throw new Error("pkgs read"); });
  assert.doesNotThrow(() => call("mkPackageOption", pkgs, "git", {}));
});

test("literal examples and documentation helpers", () => {
  assert.deepEqual(run("literalExpression", "pkgs.git"), { _type: "literalExpression", text: "pkgs.git" });
  assert.deepEqual(run("literalMD", "*x*"), { _type: "literalMD", text: "*x*" });
  assert.throws(() => call("literalExpression", 1), /literalExpression expects a string\./);
  assert.equal(run("mdDoc", "text"), "text");
  assert.equal(run("showOption", ["home", "file", ".config/x", "text"]), 'home.file.".config/x".text');
  assert.equal(run("showFiles", ["a.nix", "b.nix"]), "`a.nix' and `b.nix'");
  assert.deepEqual([run("isOption", call("mkOption", {})), run("isOption", {})], [true, false]);
  assert.deepEqual(run("getValues", [{ file: "f", value: 1 }]), [1]);
  assert.deepEqual(run("getFiles", [{ file: "f", value: 1 }]), ["f"]);
});

test("properties are the same tagged sets as the TypeScript lib's", () => {
  const same = (nix: unknown, ts: unknown) => assert.deepEqual(plain(nix as never), plain(ts as never));
  same(call("mkIf", true, 1), jsLib.mkIf(true, 1));
  same(call("mkMerge", [1, 2]), jsLib.mkMerge([1, 2]));
  same(call("mkForce", 1), jsLib.mkForce(1));
  same(call("mkDefault", 1), jsLib.mkDefault(1));
  same(call("mkOptionDefault", 1), jsLib.mkOptionDefault(1));
  same(call("mkOverride", 70, 1), jsLib.mkOverride(70, 1));
  same(call("mkBefore", 1), jsLib.mkBefore(1));
  same(call("mkAfter", 1), jsLib.mkAfter(1));
  same(call("mkOrder", 42, 1), jsLib.mkOrder(42, 1));
  same(call("mkDefinition", { file: "f.nix", value: 1 }), jsLib.mkDefinition({ file: "f.nix", value: 1 }));
  assert.deepEqual([run("mkVMOverride", 1), run("mkImageMediaOverride", 1)].map((p) => (p as { priority: number }).priority), [10, 60]);
  assert.deepEqual([run("defaultOverridePriority"), run("defaultOrderPriority")], [100, 1000]);
});

test("mkIf keeps its condition unevaluated; mkAssert fails with the message when false", () => {
  assert.doesNotThrow(() => call("mkIf", new Thunk(() => { throw new Error("x"); }), 1));
  assert.deepEqual(run("dischargeProperties", call("mkAssert", true, "m", 1)), [1]);
  assert.throws(() => call("dischargeProperties", call("mkAssert", false, "it broke", 1)), { message: "\nFailed assertion: it broke" });
});

test("dischargeProperties, filterOverrides, sortProperties", () => {
  const merged = call("mkMerge", [1, call("mkIf", false, 2), call("mkIf", true, call("mkMerge", [3, 4]))]);
  assert.deepEqual(run("dischargeProperties", merged), [1, 3, 4]);
  assert.throws(() => call("dischargeProperties", call("mkIf", "yes", 1)), /‘mkIf’ called with a non-Boolean condition/);
  const defs = [{ file: "a", value: 1 }, { file: "b", value: call("mkForce", 2) }, { file: "c", value: call("mkForce", 3) }];
  assert.deepEqual(run("filterOverrides", defs), [{ file: "b", value: 2 }, { file: "c", value: 3 }]);
  assert.equal((run("filterOverrides'", defs) as { highestPrio: number }).highestPrio, 50);
  const ordered = [{ file: "a", value: call("mkAfter", "z") }, { file: "b", value: "m" }, { file: "c", value: call("mkBefore", "a") }];
  assert.deepEqual((run("sortProperties", ordered) as { value: string }[]).map((d) => d.value), ["a", "m", "z"]);
});

test("mergeDefinitions and the merge functions work on Nix loc and defs", () => {
  const ints = call("types.listOf", get("types.int"));
  const r = call("mergeDefinitions", ["a"], ints, []) as NixAttrs;
  assert.deepEqual([r.get("isDefined"), plain(r.get("mergedValue") as never)], [false, []]);
  const merged = call("mergeDefinitions", ["a"], ints, [{ file: "x", value: [1] }, { file: "y", value: call("mkForce", [2]) }]) as NixAttrs;
  assert.deepEqual([plain(merged.get("mergedValue") as never), plain(merged.get("defsFinal") as never)], [[2], [{ file: "y", value: [2] }]]);
  assert.deepEqual(run("mergeEqualOption", ["a"], [{ file: "x", value: 1 }, { file: "y", value: 1 }]), 1);
  assert.throws(() => call("mergeEqualOption", ["a"], [{ file: "x", value: 1 }, { file: "y", value: 2 }]), /The option `a' has conflicting definition values:\n- In `x': 1\n- In `y': 2/);
  assert.throws(() => call("mergeOneOption", ["a"], [{ file: "x", value: 1 }, { file: "y", value: 1 }]), /is defined multiple times while it's expected to be unique/);
  assert.deepEqual(run("mergeDefaultOption", ["a"], [{ file: "x", value: [1] }, { file: "y", value: [2] }]), [1, 2]);
  assert.deepEqual(run("mkAliasIfDef", call("mkOption", {}), 1), { _type: "if", condition: false, content: 1 });
  assert.deepEqual(run("setDefaultModuleLocation", "f.nix", { a: 1 }), { _file: "f.nix", imports: [{ a: 1 }] });
});
