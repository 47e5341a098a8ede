/**
 * The types of lib.types written in Nix source: attrTag (one-attribute
 * tagged unions, whose declarations merge tag by tag), and the messages
 * their wrong definitions get.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf, withLib } from "./test-support.ts";

const errorOf = (body: string) => assert.throws(() => withLib(body)) as never;

/** Two modules declaring `shapes` as sets of attrTags with different tags, and one defining it. */
const shapes = (defs: string, read = "config.shapes") => `(lib.evalModules { modules = [
  { options.shapes = lib.mkOption { type = lib.types.attrsOf (lib.types.attrTag {
      circle = lib.mkOption { type = lib.types.int; };
      kind = lib.mkOption { type = lib.types.enum [ "a" ]; }; }); }; }
  { options.shapes = lib.mkOption { type = lib.types.attrsOf (lib.types.attrTag {
      square = lib.mkOption { type = lib.types.str; description = "a side"; };
      kind = lib.mkOption { type = lib.types.enum [ "b" ]; }; }); }; }
  { _file = "shapes.nix"; shapes = ${defs}; }
]; }).${read}`;

test("attrTag declarations merge: tags are united, a shared tag's option types merge", () => {
  assert.deepEqual(withLib(shapes(`{ c.circle = 3; s.square = "two"; k.kind = "b"; j.kind = "a"; }`)), {
    c: { circle: 3 },
    j: { kind: "a" },
    k: { kind: "b" },
    s: { square: "two" },
  });
  const sub = withLib(shapes("{ }", `options.shapes.type.getSubOptions [ "shapes" ]`)) as Record<string, { loc: string[]; declarations: unknown[] }>;
  assert.deepEqual(Object.keys(sub), ["circle", "kind", "square"]);
  assert.deepEqual(sub.kind?.loc, ["shapes", "<name>", "kind"]);
  assert.equal(sub.kind?.declarations.length, 2);
  assert.equal(withLib(shapes("{ }", `options.shapes.type.description`)), "attribute set of attribute-tagged union with choices: circle, kind, square");
});

test("attrTag rejects sets of no or several tags, mixed tags, and unknown tags", () => {
  assert.match(messageOf(shapes(`{ x = { circle = 1; square = "a"; }; }`, "config.shapes.x")), /^A definition for option `shapes\.x' is not of type `attribute-tagged union with choices: circle, kind, square'/);
  assert.match(messageOf(shapes(`{ x = lib.mkMerge [ { circle = 1; } { square = "a"; } ]; }`, "config.shapes.x")), /^The option `shapes\.x` is defined both as `circle` and `square`, in `shapes\.nix' and `shapes\.nix'\./);
  assert.match(messageOf(shapes(`{ x.circle = "one"; }`, "config.shapes.x.circle")), /^A definition for option `shapes\.x\.circle' is not of type `signed integer'/);
  assert.match(messageOf(`lib.types.attrTag { bare = lib.types.int; }`), /In attrTag, each tag value must be an option, but tag bare was a bare type, not wrapped in mkOption\./);
  errorOf(`(lib.types.attrTag { n = 1; }).name`);
});
