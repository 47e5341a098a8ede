/**
 * What each instance of a submodule type makes and reads: the instances
 * share the layout of their configuration, an instance nobody reads is not
 * evaluated, definitions pushed through mkIf keep their positions, and an
 * instance's undeclared names are still found beside the declared ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { at, configOf, declare, errorOf, evalJs, mkIf, mkOption, types } from "./test-support.ts";
import { force, NixAttrs, NixFunction, type Lazy } from "../nix/value.ts";
import { evalModules } from "./eval-modules.ts";
import { lazyFromJS } from "../nix/js-value.ts";

const entry = (calls: string[]) =>
  types.submodule([
    { options: { text: mkOption({ type: types.nullOr(types.str), default: null }), size: mkOption({ type: types.int, default: 0 }) } },
    ({ name }: { name: string }) => (calls.push(name), { config: {} }),
  ]);

test("the configurations of a submodule type's instances share one layout of the declared names, without `_module`", () => {
  const ev = evalJs([declare({ files: mkOption({ type: types.attrsOf(entry([])) }) }), { files: { a: { text: "A" }, b: { size: 2 } } }]);
  const files = force(ev.config.lazy("files")!) as NixAttrs;
  const [a, b] = [force(files.lazy("a")!) as NixAttrs, force(files.lazy("b")!) as NixAttrs];
  assert.deepEqual(a.keys(), ["size", "text"]);
  assert.ok(a.layout !== undefined && a.layout === b.layout);
  assert.deepEqual([a.get("text"), a.get("size"), b.get("text"), b.get("size")], ["A", 0n, null, 2n]);
});

test("an instance nobody reads is not evaluated: its module functions are not called", () => {
  const calls: string[] = [];
  const c = configOf(declare({ files: mkOption({ type: types.attrsOf(entry(calls)) }) }), { files: { a: { text: "A" }, b: {}, c: {} } });
  assert.equal(c.files.b.size, 0);
  assert.deepEqual(calls, ["b"]);
  assert.equal(c.files.a.text, "A");
  assert.deepEqual(calls, ["b", "a"]);
});

test("an mkIf over a set gives each attribute its condition and keeps each one's position", () => {
  const options = declare({ x: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } });
  const on = { _file: "m.nix", x: mkIf(true, at("m.nix", { a: 3, b: 4 }, { a: 1n, b: "no" })) };
  assert.equal(configOf(options, on).x.a, 1);
  assert.match(errorOf(() => configOf(options, on).x.b).message, /A definition for option `x\.b' is not of type `signed integer'\. Definition values:\n- In `m\.nix:4': "no"/);
  const off = { _file: "m.nix", x: mkIf(false, at("m.nix", { a: 3 }, { a: 1n })) };
  assert.match(errorOf(() => configOf(options, off).x.a).message, /The option `x\.a' was accessed but has no value defined/);
});

test("an instance's undeclared name defined beside declared ones is reported, with the declared names as suggestions", () => {
  const c = configOf(declare({ files: mkOption({ type: types.attrsOf(entry([])) }) }), { _file: "f.nix", files: { a: { text: "A", txt: "B" } } });
  assert.equal(
    errorOf(() => c.files.a.text).message,
    "The option `files.a.txt' does not exist. Definition values:\n- In `f.nix': \"B\"\n\nDid you mean `files.a.text' or `files.a.size'?",
  );
});

test("module arguments: special arguments win over direct ones, which win over the built-in ones, for TypeScript and Nix module functions alike", () => {
  const seen: unknown[] = [];
  const tsModule = ({ name, who, _class, _prefix }: { name: string; who: string; _class: unknown; _prefix: unknown }) => {
    seen.push(["ts", name, who, _class, _prefix]);
    return {};
  };
  let fromConfig: Lazy | undefined;
  const nixModule = new NixFunction(
    (a) => {
      const args = force(a) as NixAttrs;
      fromConfig = args.lazy("fromConfig");
      seen.push(["nix", args.get("name"), args.get("who"), args.get("_class"), args.get("_prefix")]);
      return NixAttrs.empty;
    },
    { names: new Map([["name", false], ["who", false], ["fromConfig", false]]), ellipsis: true },
  );
  const ev = evalModules({
    modules: [lazyFromJS(tsModule), nixModule, lazyFromJS({ _module: { args: { fromConfig: "c" } } })],
    prefix: ["p"],
    class: "demo",
    extraArgs: { name: "direct", who: "direct" },
    specialArgs: { who: "special" },
  });
  assert.deepEqual(seen, [
    ["ts", "direct", "special", "demo", ["p"]],
    ["nix", "direct", "special", "demo", ["p"]],
  ]);
  assert.equal(force(fromConfig as Lazy), "c");
  assert.equal(ev.config.size, 0);
});
