/** Tests for throw/abort/tryEval/seq/deepSeq/trace/warn/addErrorContext and the string context builtins. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CatchableError, EvalError } from "../errors.ts";
import { lazy, NixString, type Lazy, type NixAttrs } from "../value.ts";
import { boom, call, makeWorld, plain, set } from "./test-helpers.ts";

const world = makeWorld();
const { b } = world;
const thrown = (msg: string): Lazy => lazy(() => call(b("throw"), msg));

test("throw is catchable by tryEval, abort and other errors are not", () => {
  assert.throws(() => call(b("throw"), "boom"), (e) => e instanceof CatchableError && e.message === "boom");
  assert.deepEqual(plain(call(b("tryEval"), thrown("x"))), { success: false, value: false });
  assert.deepEqual(plain(call(b("tryEval"), 1n)), { success: true, value: 1n });
  assert.throws(() => call(b("abort"), "x"), (e) => e instanceof EvalError && !(e instanceof CatchableError) && e.message === "evaluation aborted with the following error message: 'x'");
  assert.throws(() => call(b("tryEval"), lazy(() => call(b("abort"), "x"))), { message: /evaluation aborted/ });
  assert.throws(() => call(b("tryEval"), lazy(() => call(b("head"), []))), { message: "'builtins.head' called on an empty list" });
  assert.throws(() => call(b("throw"), 1n), { message: "cannot coerce an integer to a string: 1" });
});

test("tryEval is shallow", () => {
  const r = call(b("tryEval"), set({ a: thrown("deep") }));
  assert.equal((plain(call(b("attrNames"), r)) as string[]).join(), "success,value");
});

test("seq forces to weak head normal form, deepSeq all the way, even through cycles", () => {
  assert.equal(call(b("seq"), set({ a: boom() }), 1n), 1n);
  assert.throws(() => call(b("seq"), boom(), 1n), { message: "forced" });
  assert.throws(() => call(b("deepSeq"), set({ a: [boom()] }), 1n), { message: "forced" });
  const loop: NixAttrs = set({ self: lazy(() => loop) });
  assert.equal(call(b("deepSeq"), loop, 2n), 2n);
  const deep = Array.from({ length: 100_000 }, (_, i) => BigInt(i));
  assert.equal(call(b("deepSeq"), deep, 3n), 3n);
});

test("trace prints strings raw and other values with Nix's printer", () => {
  const w = makeWorld();
  assert.equal(call(w.b("trace"), "hello", 1n), 1n);
  assert.equal(call(w.b("trace"), set({ a: 1n, b: [1.5, "x"], c: boom() }), 2n), 2n);
  assert.deepEqual(w.traces, ["hello", '{ a = 1; b = [ 1.5 "x" ]; c = «thunk»; }']);
  assert.equal(call(w.b("traceVerbose"), boom(), 3n), 3n);
});

test("warn needs a string message", () => {
  const w = makeWorld();
  assert.equal(call(w.b("warn"), "careful", 1n), 1n);
  assert.deepEqual(w.warnings, ["careful"]);
  assert.throws(() => call(w.b("warn"), 1n, 1n), { message: "expected a string but found an integer: 1" });
});

test("addErrorContext adds a frame to errors raised while forcing the value", () => {
  try {
    call(b("addErrorContext"), "while doing the thing", thrown("x"));
    assert.fail("no error");
  } catch (e) {
    assert.ok((e as EvalError).context.includes("while doing the thing"));
  }
  assert.equal(call(b("addErrorContext"), boom(), 1n), 1n);
});

const DRV = "/nix/store/hx8vc8l2pwdjwp4wglkymq9988fy424a-d.drv";
const SRC = "/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a";

test("getContext shows each kind of element; appendContext takes the same shape", () => {
  const s = new NixString("x", new Set([SRC, `!dev!${DRV}`, `!out!${DRV}`, `=${DRV}`]));
  const shape = { [DRV]: { allOutputs: true, outputs: ["dev", "out"] }, [SRC]: { path: true } };
  assert.deepEqual(plain(call(b("getContext"), s)), shape);
  const back = call(b("appendContext"), "x", call(b("getContext"), s));
  assert.deepEqual(plain(call(b("getContext"), back)), shape);
  assert.throws(() => call(b("appendContext"), "x", set({ "/tmp/a": set({ path: true }) })), { message: "context key '/tmp/a' is not a store path" });
  assert.throws(() => call(b("appendContext"), "x", set({ [SRC]: set({ allOutputs: true }) })), {
    message: `tried to add all-outputs context of ${SRC}, which is not a derivation, to a string`,
  });
});

test("hasContext, unsafeDiscardStringContext, unsafeDiscardOutputDependency, addDrvOutputDependencies", () => {
  const s = new NixString("x", new Set([SRC]));
  assert.equal(call(b("hasContext"), s), true);
  assert.equal(call(b("hasContext"), "x"), false);
  assert.equal(call(b("unsafeDiscardStringContext"), s), "x");
  assert.deepEqual(plain(call(b("unsafeDiscardOutputDependency"), new NixString(DRV, new Set([`=${DRV}`])))), { s: DRV, context: [DRV] });
  assert.deepEqual(plain(call(b("addDrvOutputDependencies"), new NixString(DRV, new Set([DRV])))), { s: DRV, context: [`=${DRV}`] });
  assert.throws(() => call(b("addDrvOutputDependencies"), new NixString("/nix/store/o", new Set([`!dev!${DRV}`]))), {
    message: "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as 'dev'",
  });
});
