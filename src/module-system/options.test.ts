/**
 * Option declarations and the `options` tree: apply, defaults from
 * declarations, declaration merging, and what an evaluated option records.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, mkDefault, mkIf, mkOption, types, valueAt } from "./test-support.ts";
import { toJS } from "../nix/js-value.ts";
import { force, type NixAttrs, type NixFunction } from "../nix/value.ts";
import { lib } from "./test-support.ts";

test("apply transforms the merged value", () => {
  const c = configOf(declare({ hosts: mkOption({ type: types.listOf(types.str), default: [], apply: (l: string[]) => l.join(" ") }) }), { hosts: ["a"] }, { hosts: ["b"] });
  assert.equal(c.hosts, "b a");
});

test("a declaration may leave the type or the default to another declaration of the option", () => {
  const c = configOf(declare({ x: mkOption({ type: types.int }) }), declare({ x: mkOption({ default: 3, description: "x" }) }));
  assert.equal(c.x, 3);
  const same = configOf(declare({ l: mkOption({ type: types.listOf(types.int) }) }), declare({ l: mkOption({ type: types.listOf(types.int), default: [1] }) }));
  assert.deepEqual(same.l, [1]);
});

test("an evaluated option records its definitions, files and declarations", () => {
  const ev = evalJs([
    declare({ l: mkOption({ type: types.listOf(types.int), default: [0], description: "numbers" }) }, "decl.nix"),
    { _file: "one.nix", l: [1] },
    { _file: "two.nix", l: mkIf(false, [2]) },
    { _file: "three.nix", l: mkDefault([3]) },
  ]);
  const opt = toJS(valueAt(ev.options, ["l"])) as Record<string, unknown>;
  assert.deepEqual(opt.loc, ["l"]);
  assert.deepEqual(opt.declarations, ["decl.nix"]);
  assert.deepEqual(opt.files, ["one.nix"]);
  assert.deepEqual(opt.definitions, [[1]]);
  assert.equal(opt.isDefined, true);
  assert.equal(opt.description, "numbers");
  assert.deepEqual(opt.value, [1]);
  assert.equal((opt.type as { description: string }).description, "list of signed integer");
});

test("a read-only option takes one definition; one dropped by mkIf does not count", () => {
  assert.equal(configOf(declare({ ro: mkOption({ type: types.int, readOnly: true }) }), { ro: 4 }).ro, 4);
  assert.equal(configOf(declare({ ro: mkOption({ type: types.int, readOnly: true, default: 1 }) }), { ro: mkIf(false, 2) }).ro, 1);
  assert.match(errorOf(() => configOf(declare({ ro: mkOption({ type: types.int, readOnly: true }) }), { ro: 1 }, { ro: 1 }).ro).message, /is read-only, but it's set multiple times/);
});

test("mkEnableOption declares a boolean that defaults to false", () => {
  const ev = evalJs([declare({ enable: lib.mkEnableOption("the thing") }), {}]);
  assert.equal(toJS(valueAt(ev.config, ["enable"])), false);
  assert.equal(valueAt(ev.options, ["enable", "description"]), "Whether to enable the thing.");
});

test("internal options are evaluated like any other: _module.args, _module.check, _module.specialArgs", () => {
  const ev = evalJs([{ _module: { args: { answer: 42 } } }], { specialArgs: { host: "h" } });
  const mod = ev.internalConfig.get("_module");
  assert.equal(toJS(valueAt(mod ?? null, ["args", "answer"])), 42);
  assert.equal(valueAt(mod ?? null, ["check"]), true);
  assert.equal(valueAt(mod ?? null, ["specialArgs", "host"]), "h");
  assert.equal(ev.config.has("_module"), false);
});

test("mkPackageOption defaults to pkgs.<name>, says when pkgs lacks it, and admits null only when nullable", () => {
  const pkgs = { hello: { type: "derivation", name: "hello", outPath: "/store/hello" } };
  const ev = evalJs([declare({ p: lib.mkPackageOption(pkgs, "hello"), absent: lib.mkPackageOption(pkgs, "absent"), n: lib.mkPackageOption(pkgs, "none", { nullable: true }) }), { n: null }]);
  assert.equal((toJS(valueAt(ev.config, ["p"])) as { outPath: string }).outPath, "/store/hello");
  assert.equal(toJS(valueAt(ev.config, ["n"])), null);
  assert.throws(() => toJS(valueAt(ev.config, ["absent"])), /absent cannot be found in pkgs/);
  assert.match(errorOf(() => toJS(valueAt(evalJs([declare({ p: lib.mkPackageOption(pkgs, "hello") }), { p: null }]).config, ["p"]))).message, /is not of type `package'/);
});

test("`_module.args' is documented at the top only: below it (a submodule's options) it is internal", () => {
  const ev = evalJs([declare({ sub: mkOption({ type: types.submodule({ options: { x: mkOption({ default: 1 }) } }), default: {} }) })]);
  assert.equal(toJS(valueAt(ev.options, ["_module", "args", "internal"])), false);
  const sub = force((force((valueAt(ev.options, ["sub", "type"]) as NixAttrs).lazy("getSubOptions")!) as NixFunction).call(["sub"])) as NixAttrs;
  assert.equal(toJS(valueAt(sub, ["_module", "args", "internal"])), true);
  assert.equal(toJS(valueAt(sub, ["_module", "check", "internal"])), true);
});
