/** A function's formals keep where each is written (what `functionArgs` gives as positions). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEvaluator } from "../evaluate.ts";
import { NixFunction } from "../value.ts";

test("each formal's position is its name's", () => {
  const f = createEvaluator().evalSource("{\n  a,\n  bb ? 1,\n  ...\n}: a", "/f.nix", "/");
  assert.ok(f instanceof NixFunction);
  assert.deepEqual(Object.fromEntries(f.formals?.positions ?? []), {
    a: { file: "/f.nix", line: 2, column: 3 },
    bb: { file: "/f.nix", line: 3, column: 3 },
  });
});
