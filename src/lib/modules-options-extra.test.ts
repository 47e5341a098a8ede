/**
 * `lib.modules.mergeAttrDefinitionsWithPrio`: each attribute's value and
 * highest priority, its priority known without evaluating the overridden
 * contents (as nixpkgs', whose priorities only look at the mkOverride).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withLib } from "./test-support.ts";

test("mergeAttrDefinitionsWithPrio gives each attribute's priority without evaluating its contents", () => {
  const out = withLib(`let
    opts = (lib.evalModules { modules = [ {
      _module.args = { low = lib.mkDefault (throw "content of low"); plain = 1; high = lib.mkForce (throw "content of high"); never = throw "never"; };
    } ]; }).options;
    defs = lib.modules.mergeAttrDefinitionsWithPrio opts._module.args;
  in [ defs.low.highestPrio defs.plain.highestPrio defs.high.highestPrio defs.plain.value ]`);
  assert.deepEqual(out, [1000, 100, 50, 1]);
});
