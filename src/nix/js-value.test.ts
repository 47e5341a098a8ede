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

test("toJS(): JSON.stringify gives a set that coerces to a string as that string (builtins.toJSON's rule), so a derivation holding itself (all = [ self ]) is written", () => {
  const of = (src: string) => toJS(evalExpr(src));
  assert.equal(JSON.stringify(of('let d = { type = "derivation"; outPath = "/store/x-d"; all = [ d ]; out = d; }; in { p = [ d ]; n = 1; }')), '{"n":1,"p":["/store/x-d"]}');
  assert.equal(JSON.stringify(of('{ s = { __toString = self: "hi"; }; }')), '{"s":"hi"}');
  assert.equal(JSON.stringify(of("{ a = { b = 1; }; }")), '{"a":{"b":1}}');
});

test("toJS(): a set's view is a read-only plain-looking object: its names, no prototype, values forced only when read", () => {
  const view = toJS(evalExpr('{ b = throw "not read"; a = { c = 1; }; }')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(view), ["a", "b"]);
  assert.equal(Object.getPrototypeOf(view), null);
  assert.ok("a" in view && !("z" in view));
  assert.deepEqual({ ...(view.a as object) }, { c: 1 });
  assert.equal(JSON.stringify(view.a), '{"c":1}');
  assert.throws(() => view.b, /not read/);
  assert.throws(() => ((view as { a: unknown }).a = 1), /read-only/);
  assert.throws(() => Object.defineProperty(view, "x", { value: 1 }), /read-only/);
  assert.throws(() => delete view.a, /read-only/);
  assert.equal(view.z, undefined);
});

test("lazyAttrsProxy(): the set is computed on first read, once", async () => {
  const { lazyAttrsProxy } = await import("./js-value.ts");
  let computed = 0;
  const view = lazyAttrsProxy(() => (computed++, evalExpr("{ x = 2; }")), "cfg");
  assert.equal(computed, 0);
  assert.equal(view.x, 2);
  assert.deepEqual(Object.keys(view), ["x"]);
  assert.equal(computed, 1);
});

test("fromJS(): an object's enumerable properties in Nix's order, getters lazy, undefined ones left out, positions kept", async () => {
  const { fromJS, POSITIONS } = await import("./js-value.ts");
  const { NixAttrs } = await import("./value.ts");
  let read = 0;
  const obj: Record<string | symbol, unknown> = { z: 1, u: undefined, a: { b: "x" } };
  Object.defineProperty(obj, "g", { enumerable: true, get: () => (read++, 5) });
  Object.defineProperty(obj, "hidden", { enumerable: false, value: 1 });
  const span = { file: "/c.ts", line: 3, column: 4 };
  obj[POSITIONS] = new Map([["a", span]]);
  const set = fromJS(obj) as InstanceType<typeof NixAttrs>;
  assert.deepEqual(set.keys(), ["a", "g", "z"]);
  assert.equal(read, 0);
  assert.equal(set.get("g"), 5n);
  assert.equal(set.get("z"), 1n);
  assert.deepEqual(set.posOf("a"), span);
  assert.equal(set.posOf("z"), undefined);
  assert.equal(set.pos?.get("a"), span);
});

test("fromJS(): a value of another copy of these classes (a configuration importing the package's source files) says to import \"system-manager\"; another class is refused as before", async () => {
  const { fromJS } = await import("./js-value.ts");
  class _NixAttrs {}
  class Widget {}
  assert.throws(() => fromJS(new _NixAttrs()), { message: `Cannot use a NixAttrs made by another copy of system-manager's code as a configuration value: import from "system-manager", not from its source files` });
  assert.throws(() => fromJS(new Widget()), { message: "Cannot use a Widget as a configuration value: use plain objects, arrays, strings, numbers and booleans" });
});
