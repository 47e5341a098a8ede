/** A named, filtered or flat copy is written with the content the evaluator hashed for it. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvaluator } from "../nix/evaluate.ts";
import { EvalStore } from "../nix/eval-store.ts";
import { copiedSourceTree } from "./copied-source-tree.ts";

test("a filtered copy's tree leaves out what the filter rejects; a flat copy is its file, not executable", () => {
  const src = mkdtempSync(join(tmpdir(), "sm-copied-source-"));
  mkdirSync(join(src, "drop"));
  mkdirSync(join(src, "keep"));
  writeFileSync(join(src, "drop", "x"), "x");
  writeFileSync(join(src, "keep", "y"), "y");
  writeFileSync(join(src, "run"), "#!/bin/sh\n");
  chmodSync(join(src, "run"), 0o755);
  symlinkSync("run", join(src, "link"));
  const store = new EvalStore();
  const ev = createEvaluator({ pure: false, store });
  const path = String(ev.evalSource(`builtins.path { path = ${src}; name = "kept"; filter = p: t: baseNameOf p != "drop"; }`, "/t.nix", "/"));
  const source = store.sources.get(path);
  assert.ok(source !== undefined);
  const tree = copiedSourceTree(source);
  assert.deepEqual([...tree.keys()].sort(), ["keep/y", "link", "run"]);
  assert.deepEqual(tree.get("run"), { kind: "file", content: Buffer.from("#!/bin/sh\n"), executable: true });
  const flat = String(ev.evalSource(`builtins.path { path = ${src}/run; recursive = false; }`, "/t.nix", "/"));
  assert.deepEqual(copiedSourceTree(store.sources.get(flat) as NonNullable<typeof source>), new Map([["", { kind: "file", content: Buffer.from("#!/bin/sh\n"), executable: false }]]));
});
