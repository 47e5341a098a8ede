import { test } from "node:test";
import assert from "node:assert/strict";
import { createEvaluator, evalExpr } from "./evaluate.ts";
import { force, NixAttrs, NixFunction, type Lazy } from "./value.ts";
import { isOpenMap, type OpenMap } from "./open-map.ts";

/** A set in which every name is a string naming itself, listing only what was asked for. */
class Everything extends Map<string, Lazy> implements OpenMap {
  readonly openKeys = true as const;
  override get(name: string): Lazy {
    if (!super.has(name)) super.set(name, `value of ${name}`);
    return super.get(name) as Lazy;
  }
  override has(): boolean {
    return true;
  }
}

const builtin = (name: string) => force((createEvaluator().state.globals.get("builtins") as NixAttrs).lazy(name) as Lazy) as NixFunction;

test("mapAttrs over an open set is open: any name is mapped when asked for, and only asked-for names are listed", () => {
  const f = evalExpr(`n: v: n + " -> " + v`) as NixFunction;
  const mapped = force((force(builtin("mapAttrs").call(f)) as NixFunction).call(new NixAttrs(new Everything()))) as NixAttrs;
  assert.ok(isOpenMap(mapped.map), "the result is open too");
  assert.equal(force(mapped.lazy("equibop") as Lazy), "equibop -> value of equibop");
  assert.ok(mapped.has("anything"));
  assert.deepEqual([...mapped.keys()], ["equibop"], "only what was asked for is listed");
});

test("mapAttrs over an ordinary set is not open", () => {
  const mapped = evalExpr(`builtins.mapAttrs (n: v: v + 1) { a = 1; }`) as NixAttrs;
  assert.ok(!isOpenMap(mapped.map));
  assert.equal(mapped.has("b"), false);
});
