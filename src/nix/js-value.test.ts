import { test } from "node:test";
import assert from "node:assert/strict";
import { evalExpr } from "./evaluate.ts";
import { toJS } from "./js-value.ts";

test("toJS(): a set with outPath or __toString turns into its string as interpolation would; another set does not", () => {
  const of = (src: string) => toJS(evalExpr(src)) as object;
  assert.equal(String(of('{ outPath = "/store/x"; }')), "/store/x");
  assert.equal(`${of('{ __toString = self: "hi " + self.n; n = "there"; }')}`, "hi there");
  assert.equal(of('{ __toString = self: "a"; outPath = "/b"; }').toString(), "a");
  assert.throws(() => String(of("{ a = 1; }")), /Cannot coerce a set to a string/);
});
