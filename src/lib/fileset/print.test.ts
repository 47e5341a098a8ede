/**
 * lib.fileset.trace and traceVal draw a file set as nixpkgs does: the
 * base, then the entries below it, whole directories and single files
 * marked, directories without files left out.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalIn, fileTree } from "./test-tree.ts";

const tree = fileTree({ "src/sub/b.c": "", "src/sub/c.h": "", "src/a.c": "", "doc/README": "", "src/empty/": "" });

test("trace draws the file set and returns its second argument", () => {
  const r = evalIn(tree, "trace (union ./src/sub/b.c ./doc) 42");
  assert.equal(r.value, 42);
  assert.deepEqual(r.traces, [tree, "- doc (all files in directory)", "- src", "  - sub", "    - b.c (regular)"]);
  assert.deepEqual(evalIn(tree, "trace ./src null").traces, [`${tree}/src (all files in directory)`]);
  assert.deepEqual(evalIn(tree, "trace (difference ./src ./src) null").traces, ["(empty)"]);
  assert.deepEqual(evalIn(tree, "trace ./src/empty null").traces, ["(empty)"]);
});

test("traceVal draws the file set and returns it", () => {
  const r = evalIn(tree, `toList (traceVal (fileFilter (f: f.hasExt "c") ./src))`);
  assert.deepEqual(r.traces, [`${tree}/src`, "- a.c (regular)", "- sub", "  - b.c (regular)"]);
  assert.equal((r.value as string[]).length, 2);
});

test("trace draws entries as it reaches them: an entry that fails stops the picture after the ones before it", () => {
  const broken = `{ _type = "fileset"; _internalVersion = 3; _internalIsEmptyWithoutBase = false; _internalBase = ./src; _internalBaseRoot = /.; _internalBaseComponents = (union ./src ./src)._internalBaseComponents; _internalTree = { "a.c" = "regular"; empty = null; sub = throw "unreadable"; }; }`;
  const r = evalIn(tree, `trace ${broken} null`);
  assert.equal(r.error, "unreadable");
  assert.deepEqual(r.traces, [`${tree}/src`, "- a.c (regular)"]);
});
