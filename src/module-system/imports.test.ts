/**
 * Module collection: imports, deduplication by key, disabledModules, file
 * modules, module arguments (specialArgs, _module.args), shorthand and full
 * forms, and classes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, lazy, lib, mkOption, types } from "./test-support.ts";
import { toJS, lazyFromJS } from "../nix/js-value.ts";
import { NixPath } from "../nix/value.ts";

const list = declare({ l: mkOption({ type: types.listOf(types.str), default: [] }) });

test("imports are followed, nested, and a module's imports come before it", () => {
  const c = configOf(list, { l: ["top"], imports: [{ l: ["child"], imports: [{ l: ["grandchild"] }] }] });
  assert.deepEqual(c.l, ["grandchild", "child", "top"]);
});

test("modules with the same key are collected once (the first wins)", () => {
  const shared = { key: "shared", l: ["shared"] };
  const c = configOf(list, { imports: [shared] }, { imports: [shared, { key: "shared", l: ["other"] }] });
  assert.deepEqual(c.l, ["shared"]);
});

test("the order of definitions is the same whether the walk chooses (a repeated key) or not (every key met once)", () => {
  const tree = () => [{ l: ["a"], imports: [{ l: ["a1"], imports: [{ l: ["a11"] }] }, { l: ["a2"] }] }, { l: ["b"], imports: [{ l: ["b1"] }] }];
  const once = configOf(list, ...tree()).l;
  assert.deepEqual(once, ["a11", "b1", "a2", "a1", "b", "a"]);
  const repeated = { key: "again", l: [] };
  assert.deepEqual(configOf(list, ...tree(), { imports: [repeated, repeated] }).l, once);
});

test("file modules are loaded once per path, with their path as file and key", () => {
  const loads: string[] = [];
  const files: Record<string, unknown> = {
    "/m/a.nix": { l: ["a"], imports: ["/m/b.nix"] },
    "/m/b.nix": { l: ["b"], x: 1 },
  };
  const ev = evalJs([list, "/m/a.nix", "/m/b.nix"], { loadModule: (p) => (loads.push(p), lazyFromJS(files[p])) });
  const e = errorOf(() => ev.config);
  assert.equal(e.message, "The option `x' does not exist. Definition values:\n- In `/m/b.nix': 1\n\nDid you mean `l'?");
  assert.deepEqual(loads, ["/m/a.nix", "/m/b.nix"]);
});

test("disabledModules removes a module, and the modules only it imports", () => {
  const disabled = { key: "noisy", l: ["noisy"], imports: [{ l: ["noisy's import"] }] };
  assert.deepEqual(configOf(list, disabled, { disabledModules: ["noisy"] }).l, []);
  assert.deepEqual(configOf(list, disabled, { disabledModules: [{ key: "noisy" }] }).l, []);
  const sharedImport = { key: "shared", l: ["shared"] };
  const c = configOf(list, { key: "noisy", imports: [sharedImport] }, { imports: [sharedImport] }, { disabledModules: ["noisy"] });
  assert.deepEqual(c.l, ["shared"]);
});

test("relative disabledModules are resolved against specialArgs.modulesPath", () => {
  const ev = evalJs([list, { key: "/mods/services/x.nix", l: ["x"] }, { disabledModules: ["services/x.nix"] }], { specialArgs: { modulesPath: "/mods" } });
  assert.deepEqual(toJS(ev.config.lazy("l") ?? []), []);
  const paths = evalJs([list, { key: "/mods/y.nix", l: ["y"] }, { disabledModules: [new NixPath("/mods/y.nix")] }]);
  assert.deepEqual(toJS(paths.config.lazy("l") ?? []), []);
  assert.match(errorOf(() => evalJs([{ disabledModules: [() => 3] }])).message, /^Each disabledModules item must be a path, string, or a attribute set with a key attribute.* is of type lambda\.$/);
});

test("disabledModules names keys as toString shows them; a set without a key is refused", () => {
  assert.deepEqual(configOf(list, { key: 123, l: ["numbered"] }, { disabledModules: [123] }).l, []);
  assert.deepEqual(configOf(list, { key: 123, l: ["numbered"] }, { disabledModules: [{ key: 123 }] }).l, []);
  const e = errorOf(() => evalJs([{ _file: "bad.nix", disabledModules: [{ config: {} }] }]));
  assert.match(e.message, /^Module `bad.nix` contains a disabledModules item that is an attribute set, presumably a module, that does not have a `key` attribute\./);
});

test("specialArgs and _module.args reach module functions; _module.args stay lazy", () => {
  const ev = evalJs(
    [
      declare({ who: mkOption({ type: types.str }), pkg: mkOption({ type: types.str }) }),
      { _module: { args: { pkgs: { hello: "/nix/store/x-hello" } } } },
      ({ host, pkgs }: { host: string; pkgs: { hello: string } }) => ({ who: host, get pkg() { return pkgs.hello; } }),
    ],
    { specialArgs: { host: "demo" } },
  );
  assert.equal(toJS(ev.config.lazy("who") ?? null), "demo");
  assert.equal(toJS(ev.config.lazy("pkg") ?? null), "/nix/store/x-hello");
});

test("a module argument nobody provides fails when used, naming the module", () => {
  const ev = evalJs([declare({ a: mkOption({ type: types.str }) }), ({ nope }: { nope: { x: string } }) => ({ get a() { return nope.x; } })]);
  const e = errorOf(() => toJS(ev.config.lazy("a") ?? null));
  assert.equal(e.message, "attribute 'nope' missing");
  assert.ok(e.context.includes('while evaluating the module argument `nope\' in ":anon-2":'));
});

test("shorthand modules are all config; `require` imports like `imports`", () => {
  assert.deepEqual(configOf(list, { l: ["s"], require: [{ l: ["r"] }] }).l, ["r", "s"]);
  assert.deepEqual(configOf(list, { config: { l: ["full"] } }).l, ["full"]);
});

test("a full-form module with other attributes is refused, naming them sorted", () => {
  const e = errorOf(() => configOf(list, { zeta: 1, config: {}, alpha: 2 }));
  assert.equal(
    e.message,
    "Module `:anon-2' has an unsupported attribute `alpha'. This is caused by introducing a top-level `config' or `options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: alpha zeta) into the explicit `config' attribute.",
  );
});

test("a full-form module's meta is a definition of the meta option", () => {
  const c = configOf(list, declare({ meta: mkOption({ type: types.attrsOf(types.str), default: {} }) }), { meta: { maintainer: "me" }, config: { l: ["x"] } });
  assert.deepEqual([c.meta.maintainer, c.l], ["me", ["x"]]);
});

test("imported modules default to their parent's file", () => {
  const e = errorOf(() => configOf(list, { _file: "parent.nix", imports: [{ bogus: 1 }] }));
  assert.match(e.message, /^The option `bogus' does not exist\. Definition values:\n- In `parent\.nix': 1/);
});

test("a module of another class is refused", () => {
  const e = errorOf(() => evalJs([{ _file: "hm.nix", _class: "homeManager", config: {} }], { class: "nixos" }));
  assert.equal(
    e.message,
    'The module `hm.nix` (class: "homeManager") cannot be imported into a module evaluation that expects class "nixos".\n\nHelp:\n- Ensure that you are importing the correct module.\n- Verify that the module\'s `_class`, "homeManager" matches the expected `class` "nixos".\n- If you are using a custom class, make sure it is correctly defined and used consistently across your modules.',
  );
  assert.equal(toJS(evalJs([list, { _class: "nixos", l: ["ok"] }], { class: "nixos" }).config.lazy("l") ?? null)?.toString(), "ok");
});

test("imports must be modules, not nested lists or other values", () => {
  assert.match(errorOf(() => evalJs([{ imports: [[{}]] }])).message, /^Module imports can't be nested lists\. Perhaps you meant to remove one level of lists\? Definitions: \n- In `<unknown-file>':/);
  const plain = (m: string) => m.replace(/\u001b\[[0-9;]*m/g, "");
  const conf = plain(errorOf(() => evalJs([{ _file: "top.nix", imports: [{ _type: "configuration" }] }], { prefix: ["sub"] })).message);
  assert.match(conf, /^Expected a module, but found a value of type "configuration", while trying to load a module into top.nix, while trying to load a module into sub\.\nA module is typically loaded by adding it to the imports = \[ \.\.\. \]; attribute/);
  assert.match(conf, /\n\nIf you really mean to import this configuration, instead please only import the modules that make up the configuration\./);
  const flake = plain(errorOf(() => evalJs([{ _type: "flake" }], { class: "nixos" })).message);
  assert.match(flake, /^Expected a module, but found a value of type "flake"\.\n/);
  assert.match(flake, /\n\nPerhaps you forgot to select an attribute name\?\n.*\n    inputs.someflake\n.*\n    inputs.someflake.modules.nixos.default\nor\n    inputs.someflake.nixosModules.default$/);
});

test("a module argument passed on whole, or used as a condition, is not read while collecting", () => {
  const ev = evalJs([
    declare({ flag: mkOption({ type: types.bool, default: false }), sys: mkOption({ type: types.attrsOf(types.str), default: {} }) }),
    { _module: { args: { isLinux: true, system: { arch: "x86_64" } } } },
    ({ isLinux, system }: { isLinux: boolean; system: Record<string, string> }) => ({ flag: lib.mkIf(isLinux, true), sys: system }),
  ]);
  assert.equal(toJS(ev.config.lazy("flag") ?? null), true);
  assert.equal((toJS(ev.config.lazy("sys") ?? null) as Record<string, string>).arch, "x86_64");
});

test("_module.check = false ignores unknown definitions; extend adds modules", () => {
  const ev = evalJs([list, { l: ["a"], unknown: 1 }, { _module: { check: false } }]);
  assert.deepEqual(toJS(ev.config.lazy("l") ?? null), ["a"]);
  const more = ev.extend([lazyFromJS({ l: ["b"] })]);
  assert.deepEqual(toJS(more.config.lazy("l") ?? null), ["b", "a"]);
});

test("a special argument still to be computed is not computed when destructured", () => {
  let computed = 0;
  const expensive = lazy(() => (computed++, { name: "os" }));
  const ev = evalJs([declare({ who: mkOption({ type: types.str }) }), ({ osConfig }: { osConfig: { name: string } }) => ({ get who() { return osConfig.name; } })], { specialArgs: { osConfig: expensive } });
  assert.equal(computed, 0);
  assert.equal(toJS(ev.config.lazy("who") ?? null), "os");
  assert.equal(computed, 1);
});

test("one module set imported from two files is unified once per file: each import defines with its importer's file", () => {
  const shared = lazyFromJS({ s: "same" });
  const opt = declare({ s: mkOption({ type: types.enum(["other"]) }) });
  const e = errorOf(() => evalJs([opt, { _file: "x.nix", imports: [shared] }, { _file: "y.nix", imports: [shared] }]).config.get("s"));
  assert.match(e.message, /In `x\.nix': "same"/);
  assert.match(e.message, /In `y\.nix': "same"/);
  const again = errorOf(() => evalJs([opt, { _file: "z.nix", imports: [shared] }]).config.get("s"));
  assert.match(again.message, /In `z\.nix': "same"/);
});

test("a module function that returns no set is named by its file and key, in nixpkgs' words", () => {
  const e = errorOf(() => evalJs([{ imports: [{ _file: "outer.nix", imports: [() => 3] }] }]).config);
  assert.equal(e.message, "module outer.nix (:anon-1:anon-1:anon-1) does not look like a module.");
});
