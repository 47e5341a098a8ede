/**
 * lib.types' serialisable value types (serializableValueWith, json, toml)
 * in Nix source: what they accept, and that a value none of their
 * alternatives takes is reported against the type's own name.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "./test-support.ts";

const option = (type: string, value: string) =>
  `(lib.evalModules { modules = [ { options.v = lib.mkOption { type = ${type}; }; } { _file = "v.nix"; v = ${value}; } ]; }).config.v`;

test("serializableValueWith takes nested data, null only when nullable", () => {
  const yaml = `lib.types.serializableValueWith { typeName = "YAML"; }`;
  assert.deepEqual(withLib(option(yaml, `{ a = [ 1 null { b = 2.5; } ]; c = "d"; }`)), { a: [1, null, { b: 2.5 }], c: "d" });
  assert.equal(withLib(`(${yaml}).description`), "YAML value");
  assert.match(messageOf(option(`lib.types.serializableValueWith { typeName = "INI"; nullable = false; }`, "null")), /^A definition for option `v' is not of type `INI value'/);
});

test("a function is not a serialisable value: the message names the type by its own description", () => {
  assert.match(messageOf(option(`lib.types.serializableValueWith { typeName = "VAL"; }`, "x: x")), /^A definition for option `v' is not of type `VAL value'\. Definition values:\n- In `v\.nix': <function>/);
  assert.match(messageOf(option("lib.types.attrsOf lib.types.json", "{ f = x: x; }")), /^A definition for option `v\.f' is not of type `JSON value'\./);
  assert.match(messageOf(option("lib.types.toml", "{ f = x: x; }")), /^A definition for option `v\.f' is not of type `TOML value'\. TypeError: The option `v\.f` is neither a value of type/);
});
