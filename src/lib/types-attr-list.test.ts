/**
 * lib.types.attrListOf and attrListWith written in Nix source: ordered
 * lists of single-attribute sets, defined as lists or as sets with mkOrder,
 * overrides per name, asAttrs, valueMeta, the messages of malformed definitions, and
 * that two declarations do not merge.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "./test-support.ts";


/** Option `flags` of type `type`, each definition from its own module. */
const flags = (type: string, ...defs: string[]) =>
  `(lib.evalModules { modules = [ { options.flags = lib.mkOption { type = ${type}; }; } ${defs.map((d, i) => `{ _file = "m${i}.nix"; flags = ${d}; }`).join(" ")} ]; }).config.flags`;

test("attrListOf orders items by mkOrder, from lists and sets alike, and keeps each name's strongest override", () => {
  const t = "lib.types.attrListOf lib.types.int";
  // As in nixpkgs, later modules' definitions come first.
  assert.deepEqual(withLib(flags(t, "[ { a = 1; } (lib.mkAfter { z = 26; }) ]", "{ m = lib.mkBefore 13; b = 2; }")), [{ m: 13 }, { b: 2 }, { a: 1 }, { z: 26 }]);
  // The losing overrides' values are never evaluated.
  assert.deepEqual(withLib(flags(t, `[ { a = lib.mkDefault (abort "lost"); } { a = lib.mkForce 7; } { b = lib.mkOrder 1 (lib.mkForce 1); } ]`)), [{ b: 1 }, { a: 7 }]);
  assert.deepEqual(withLib(flags(t, "[ { a = lib.mkIf false 1; } { b = 2; } ]")), [{ b: 2 }]);
  assert.equal(withLib(`(${t}).description`), "attribute list of signed integer");
});

test("attrListWith asAttrs zips the items into a set", () => {
  const t = (merge: string) => `lib.types.attrListWith { elemType = lib.types.str; asAttrs = true; ${merge} }`;
  assert.deepEqual(withLib(flags(t(""), `[ { x = "1"; } { y = "2"; } { x = lib.mkBefore "0"; } ]`)), { x: ["0", "1"], y: ["2"] });
  assert.deepEqual(withLib(flags(t("mergeAttrValues = _: lib.last;"), `[ { x = "1"; } { x = "2"; } ]`)), { x: "2" });
  assert.deepEqual(withLib(`(lib.evalModules { modules = [ { options.flags = lib.mkOption { type = ${t("")}; default = { }; }; } ]; }).config.flags`), {});
});

test("attrListOf names what is wrong with a malformed definition, and does not merge two declarations", () => {
  const t = "lib.types.attrListOf lib.types.str";
  assert.match(messageOf(flags(t, `[ { a = "x"; b = "y"; } ]`)), /^A definition for option `flags' is not of type `attribute list of string'\. Each list element must be a single-key attribute set, but got 2 keys\.\n- In `m0\.nix':\n    \{\n      a = "x";/);
  assert.match(messageOf(flags(t, `[ "a" ]`)), /Each list element must be an attribute set, but got string\.\n- In `m0\.nix': "a"/);
  assert.match(messageOf(flags(t, `"a"`)), /^A definition for option `flags' is not of type `attribute list of string'\. TypeError: Definition values: \n- In `m0\.nix': "a"/);
  assert.match(messageOf(flags(t, `[ { a = 1; } ]`)), /^A definition for option `flags\.a' is not of type `string'/);
  const twice = `(lib.evalModules { modules = [ { options.f = lib.mkOption { type = ${t}; }; } { options.f = lib.mkOption { type = ${t}; }; } { f = [ ]; } ]; }).config.f`;
  assert.match(messageOf(twice), /^The option `f' in `<unknown-file>' is already declared in `<unknown-file>'\./);
});

test("attrListWith's valueMeta: the ordered items, each as a definition keeping its file and order, and each element's own valueMeta", () => {
  const t = `lib.types.attrListWith { elemType = lib.types.str; asAttrs = true; mergeAttrValues = _: lib.last; }`;
  const meta = (read: string) =>
    withLib(`(lib.evalModules { modules = [ { options.flags = lib.mkOption { type = ${t}; }; } { _file = "m0.nix"; flags = [ { x = "1"; } (lib.mkBefore { y = "0"; }) { x = "2"; } ]; } ]; }).options.flags.valueMeta.${read}`);
  assert.deepEqual(meta("attrListValue"), [{ y: "0" }, { x: "1" }, { x: "2" }]);
  assert.deepEqual(meta("definitions"), [
    { _type: "definition", file: "m0.nix", value: { _type: "order", priority: 500, content: { y: "0" } } },
    { _type: "definition", file: "m0.nix", value: { _type: "order", priority: 1000, content: { x: "1" } } },
    { _type: "definition", file: "m0.nix", value: { _type: "order", priority: 1000, content: { x: "2" } } },
  ]);
  assert.equal((meta("attrList") as unknown[]).length, 3);
});
