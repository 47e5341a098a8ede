/**
 * Types of composite kinds (attrsOf, listOf, either, coercedTo, submodule)
 * as Nix sees them: a `check` marked `isV2MergeCoherent` and a `merge`
 * with a `v2` member giving `{ headError; value; valueMeta; }`. A type
 * changed with `type // { check = …; }` loses the mark, and using it is
 * refused with nixpkgs' advice to use `lib.types.addCheck` instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr } from "../nix/evaluate.ts";
import { call, lib, plain } from "./test-support.ts";
import { errorOf } from "../diagnostics/error-of.ts";

const withLib = (body: string) => plain(call(evalExpr(`lib: with lib; ${body}`), lib));

/** The config of one module declaring `o` of type `type` and defining it as `def`. */
const option = (type: string, def: string) =>
  withLib(`(evalModules { modules = [ { options.o = mkOption { type = ${type}; }; config.o = ${def}; } ]; }).config.o`);

test("a composite type's check is marked coherent and its merge has v2", () => {
  const r = withLib(`let t = types.attrsOf types.int; r = t.merge.v2 { loc = [ "o" ]; defs = [ { file = "f"; value = { a = 1; }; } ]; };
    in [ t.check.isV2MergeCoherent (t.check { }) (t.merge [ "o" ] [ { file = "f"; value = { b = 2; }; } ]) r.headError r.value (builtins.attrNames r.valueMeta.attrs) ]`);
  assert.deepEqual(r, [true, true, { b: 2 }, null, { a: 1 }, ["a"]]);
  assert.deepEqual(withLib(`((types.listOf types.int).merge.v2 { loc = [ "o" ]; defs = [ { file = "f"; value = 1; } ]; }).headError`), {
    message: "Definition values: \n- In `f': 1",
  });
  assert.equal(withLib(`types.str.merge ? v2`), false);
});

test("an ad-hoc check override of a composite type is refused wherever it is merged", () => {
  const adhoc = "(types.lazyAttrsOf types.raw // { check = _: false; })";
  for (const [type, def] of [
    [adhoc, "{ a = 1; }"],
    [`types.lazyAttrsOf ${adhoc}`, "{ a.b = 1; }"],
    [`types.either ${adhoc} types.int`, "{ a = 1; }"],
    [`types.coercedTo ${adhoc} (x: { }) (types.lazyAttrsOf types.int)`, "{ a = 1; }"],
    [`types.coercedTo types.str (x: { }) ${adhoc}`, "{ a = 1; }"],
  ]) {
    const e = errorOf(() => JSON.stringify(option(type as string, def as string)));
    assert.match(e.message, /has a type `lazy attribute set of raw value' that uses\nan ad-hoc `type \/\/ \{ check = \.\.\.; \}' override, which is incompatible with\nthe v2 merge mechanism\.\n\nPlease use `lib\.types\.addCheck` instead/, type);
  }
  assert.deepEqual(option("types.addCheck (types.lazyAttrsOf types.int) (v: v ? a)", "{ a = 1; }"), { a: 1 });
  assert.deepEqual(option("types.attrsOf types.int // { description = \"numbers\"; }", "{ a = 1; }"), { a: 1 });
});
