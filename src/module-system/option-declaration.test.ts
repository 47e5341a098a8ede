/**
 * Merging the declarations of one option as nixpkgs' mergeOptionDecls and
 * fixupOptionType do: option trees below a submodule option, the files
 * recorded for them, and the submodules each declaration brings (with the
 * file that declared them, the latest declaration's first).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configOf, declare, errorOf, evalJs, mkOption, types, valueAt } from "./test-support.ts";
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type NixFunction } from "../nix/value.ts";

const box = (file: string) => declare({ box: mkOption({ type: types.submodule({}), default: {} }) }, file);
const deep = (file: string) => declare({ box: { deep: mkOption({ type: types.int, default: 1 }) } }, file);

test("options declared below a submodule option are its declarations too (the last module's first, as nixpkgs lists them)", () => {
  const ev = evalJs([box("box.nix"), deep("deep.nix")]);
  assert.deepEqual((toJS(valueAt(ev.options, ["box"])) as { declarations: string[] }).declarations, ["deep.nix", "box.nix"]);
  assert.equal((toJS(ev.config) as { box: { deep: number } }).box.deep, 1);
});

test("a nested option declared twice below a submodule names the later file first, as nixpkgs orders the submodule's modules", () => {
  const e = errorOf(() => configOf(box("box.nix"), deep("first.nix"), deep("second.nix")).box.deep);
  assert.equal(e.message, "The option `box.deep' in `first.nix' is already declared in `second.nix'.");
});

test("an option without a type cannot have nested options; its type shows as <no description>", () => {
  const e = errorOf(() => configOf(declare({ group: mkOption({}) }, "g.nix"), declare({ group: { enable: mkOption({ type: types.bool, default: false }) } }, "e.nix")).group);
  assert.equal(
    e.message,
    "The option `group' in module `g.nix' would be a parent of the following options, but its type `<no description>' does not support nested options.\n - option(s) with prefix `group.enable' in module `e.nix'",
  );
});

test("the options of a submodule are declared in the file that declared the submodule option", () => {
  const ev = evalJs([declare({ sub: mkOption({ type: types.submodule({ options: { x: mkOption({ default: 1 }) } }), default: {} }) }, "top.nix")]);
  const type = force((valueAt(ev.options, ["sub"]) as NixAttrs).lazy("type")!) as NixAttrs;
  const sub = force((force(type.lazy("getSubOptions")!) as NixFunction).call([])) as NixAttrs;
  assert.deepEqual(toJS(valueAt(sub, ["x", "declarations"])), ["top.nix"]);
});

test("two declarations of a submodule option give it both declarations' modules, in nixpkgs' order", () => {
  const item = (file: string, name: string, extra: object) =>
    declare({ item: mkOption({ type: types.submodule({ options: { [name]: mkOption({ type: types.listOf(types.str), default: [] }) }, config: { seen: [file] } }), ...extra }) }, file);
  const c = configOf(item("a.nix", "seen", { default: {} }), item("b.nix", "other", {}));
  assert.deepEqual(c.item.seen, ["b.nix", "a.nix"]);
});
