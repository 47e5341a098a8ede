import { test } from "node:test";
import assert from "node:assert/strict";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import type { Expr } from "../ast.ts";
import { createEvaluator } from "../evaluate.ts";
import { parse } from "../parser/parse.ts";
import { compileOnDemand, type OnDemand } from "./compile.ts";
import { EMPTY_ENV } from "./env.ts";

const state = () => createEvaluator().state;

test("code compiled on demand: compiled at the first run, the same compiled code after", () => {
  const st = state();
  const od = compileOnDemand(parse("{ a = 1; }.a + 2", { file: "t.nix", baseDir: "/", globals: st.globalNames }), st);
  const before = od.code;
  assert.equal(before(EMPTY_ENV), 3n);
  const after = od.code;
  assert.notEqual(after, before);
  assert.equal(after(EMPTY_ENV), 3n);
  assert.equal(od.code, after);
});

test("a node that fails to compile fails again at its next run", () => {
  const st = state();
  const unresolved: Expr = { kind: "var", name: "nope", span: { file: "t.nix", line: 1, column: 1 } };
  const od = compileOnDemand(unresolved, st);
  const first = od.code;
  assert.throws(() => od.code(EMPTY_ENV), /undefined variable 'nope'/);
  assert.equal(od.code, first);
  assert.throws(() => od.code(EMPTY_ENV), /undefined variable 'nope'/);
});

test("once compiled, the syntax tree is not kept with the code", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const st = state();
  const made = (): { od: OnDemand; tree: WeakRef<Expr> } => {
    const e = parse("let x = 20; in x + 22", { file: "t.nix", baseDir: "/", globals: st.globalNames });
    return { od: compileOnDemand(e, st), tree: new WeakRef(e) };
  };
  const { od, tree } = made();
  assert.equal(od.code(EMPTY_ENV), 42n);
  // A WeakRef's target lives until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(tree.deref(), undefined);
  assert.equal(od.code(EMPTY_ENV), 42n);
});
