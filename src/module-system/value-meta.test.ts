/**
 * An option's `valueMeta` (nixpkgs' v2 merge): `{ }` for a plain type;
 * attrsOf's per attribute, listOf's per element, a submodule's whole
 * evaluation (so a value's sub-options can be read back), either's from
 * the type it chose; a composite type's meta names the type.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { declare, evalJs, mkOption, types, valueAt } from "./test-support.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";

const sub = types.submodule({ options: { bar: mkOption({ type: types.int }) } });

const evaluation = evalJs([
  declare({
    str: mkOption({ type: types.str, default: "s" }),
    names: mkOption({ type: types.attrsOf(types.str), default: { foo: "f", bar: "b" } }),
    words: mkOption({ type: types.listOf(types.str), default: ["a", "b", "c"] }),
    hosts: mkOption({ type: types.attrsOf(sub) }),
    entries: mkOption({ type: types.listOf(sub) }),
    either: mkOption({ type: types.either(types.int, types.listOf(types.int)) }),
  }),
  { hosts: { web: { bar: 42 } }, entries: [{ bar: 7 }], either: [1, 2] },
]);
const meta = (...path: string[]) => valueAt(evaluation.options, path);

test("a plain type's valueMeta is empty", () => {
  assert.deepEqual((meta("str", "valueMeta") as NixAttrs).keys(), []);
});

test("attrsOf and listOf give one valueMeta per attribute and per element", () => {
  assert.deepEqual((meta("names", "valueMeta", "attrs") as NixAttrs).keys(), ["bar", "foo"]);
  assert.equal((meta("words", "valueMeta", "list") as unknown[]).length, 3);
  assert.equal(meta("names", "valueMeta", "_internal", "type", "name"), "attrsOf");
});

test("a submodule's valueMeta is its evaluation: the definitions' sub-options with their values", () => {
  assert.equal(meta("hosts", "valueMeta", "attrs", "web", "configuration", "options", "bar", "value"), 42n);
  assert.equal(meta("hosts", "valueMeta", "attrs", "web", "configuration", "config", "bar"), 42n);
  const first = (meta("entries", "valueMeta", "list") as Lazy[])[0];
  assert.equal(valueAt(force(first as Lazy), ["configuration", "options", "bar", "value"]), 7n);
});

test("either's valueMeta is that of the type it merged with", () => {
  assert.equal((meta("either", "valueMeta", "list") as unknown[]).length, 2);
});
