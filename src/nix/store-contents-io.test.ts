/** What an evaluation put in its store is readable through withStoreContents, without a store written. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { EvalStore } from "./eval-store.ts";
import { memoryIO } from "./io.ts";
import { printValue } from "./print-value.ts";
import { withStoreContents } from "./store-contents-io.ts";
import { createBuiltins } from "./builtins/index.ts";
import { Evaluator } from "./eval/evaluator.ts";

const files = { "/src/a.nix": "{ a = 1; }", "/src/skip/b.txt": "b", "/src/keep/c.txt": "c" };

function evaluator() {
  const store = new EvalStore("/store");
  const io = withStoreContents(memoryIO(files), store);
  return { store, io, ev: new Evaluator({ io, pure: false, currentSystem: undefined, createBuiltins, store, trace: () => {}, warn: () => {} }) };
}

test("a toFile text is a file at its store path: readable and importable", () => {
  const { ev } = evaluator();
  const v = ev.evalSource('let f = builtins.toFile "m.nix" "{ x = 1; }"; in [ (import f).x (builtins.readFile f) (builtins.pathExists "${f}/below") ]', "/t.nix", "/");
  assert.equal(printValue(v, { strict: true }), '[ 1 "{ x = 1; }" false ]');
});

test("a named, filtered copy shows its source below its store path, without what the filter rejects", () => {
  const { ev } = evaluator();
  const v = ev.evalSource(
    'let p = builtins.path { path = /src; name = "renamed"; filter = path: type: baseNameOf path != "skip"; }; in [ (import "${p}/a.nix").a (builtins.attrNames (builtins.readDir p)) (builtins.pathExists "${p}/skip/b.txt") (builtins.readFile "${p}/keep/c.txt") ]',
    "/t.nix",
    "/",
  );
  assert.equal(printValue(v, { strict: true }), '[ 1 [ "a.nix" "keep" ] false "c" ]');
});

test("a flat copy is the one file; paths the store does not know are the base's", () => {
  const { io, ev } = evaluator();
  const v = ev.evalSource('let p = builtins.path { path = /src/a.nix; name = "flat.nix"; recursive = false; }; in (import p).a', "/t.nix", "/");
  assert.equal(v, 1n);
  assert.equal(io.pathExists("/store/00000000000000000000000000000000-unknown"), false);
  assert.equal(io.readFile("/src/a.nix").toString(), "{ a = 1; }");
});

test("createEvaluator reads its store's contents: import (toFile …) works, pure or not", async () => {
  const { createEvaluator } = await import("./evaluate.ts");
  for (const pure of [true, false]) {
    const ev = createEvaluator({ pure, io: memoryIO(files) });
    assert.equal(ev.evalSource('(import (builtins.toFile "m.nix" "{ x = 1; }")).x', "/t.nix", "/"), 1n);
  }
});
