/**
 * lib.fileset's combinators as nixpkgs defines them: intersection keeps
 * what both hold (nothing when neither base is inside the other),
 * difference removes what the negative set holds, down to single files,
 * and each result sits at nixpkgs' base (what `toSource` checks roots
 * against).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalIn, fileTree } from "./test-tree.ts";

const tree = fileTree({ "src/sub/b.c": "", "src/sub/c.h": "", "src/a.c": "", "doc/README": "", "top.txt": "" });
const files = (expr: string) => (evalIn(tree, `map (p: lib.removePrefix "${tree}/" (toString p)) (toList (${expr}))`).value ?? evalIn(tree, expr).error);
const base = (expr: string) => evalIn(tree, `lib.removePrefix "${tree}" (toString (${expr})._internalBase)`).value;

test("intersection keeps the files both sets hold, based at the deeper base", () => {
  assert.deepEqual(files("intersection ./src (unions [ ./src/sub/b.c ./doc ./top.txt ])"), ["src/sub/b.c"]);
  assert.deepEqual(files("intersection ./src/sub ./doc"), []);
  assert.deepEqual(files("intersection ./. ./src/sub"), ["src/sub/b.c", "src/sub/c.h"]);
  assert.equal(base("intersection ./. ./src/sub"), "/src/sub");
  assert.equal(evalIn(tree, "(intersection ./src/sub ./doc)._internalIsEmptyWithoutBase").value, true);
});

test("difference removes directories and single files, and nothing outside the positive set", () => {
  assert.deepEqual(files("difference ./. ./src"), ["doc/README", "top.txt"]);
  assert.deepEqual(files("difference ./src ./src/sub/b.c"), ["src/a.c", "src/sub/c.h"]);
  assert.deepEqual(files("difference ./src/sub ./src"), []);
  assert.deepEqual(files("difference ./doc ./src"), ["doc/README"]);
  assert.equal(base("difference ./src ./src/sub/b.c"), "/src");
});

test("a union is based at the common ancestor of its members", () => {
  assert.equal(base("union ./src/sub/b.c ./src/a.c"), "/src");
  assert.deepEqual(evalIn(tree, "(union ./src/sub ./doc)._internalBaseComponents").value, [...tree.split("/").filter((c) => c !== "")]);
});

test("the combinators name the argument they cannot use", () => {
  assert.equal(evalIn(tree, "intersection 1 ./src").error, "lib.fileset.intersection: First argument is of type int, but it should be a file set or a path instead.");
  assert.match(evalIn(tree, `difference ./src "/x"`).error ?? "", /^lib\.fileset\.difference: Second argument \(negative set\) \("\/x"\) is a string-like value/);
  assert.match(evalIn(tree, "difference ./nope ./src").error ?? "", /^lib\.fileset\.difference: First argument \(positive set\) \(.*\/nope\) is a path that does not exist\./);
});

test("file sets of an older representation are brought up to date", () => {
  const v2 = `{ _type = "fileset"; _internalVersion = 2; _internalBase = ./src; _internalBaseRoot = /.; _internalBaseComponents = lib.path.subpath.components (lib.removePrefix "/" (toString ./src)); _internalTree = { "a.c" = "regular"; }; }`;
  assert.deepEqual(files(`union ${v2} ./doc`), ["doc/README", "src/a.c"]);
  assert.match(evalIn(tree, `toList { _type = "fileset"; _internalVersion = 4; }`).error ?? "", /^lib\.fileset\.toList: Argument is a file set created from a future version of the file set library with a different internal representation:\n    - Internal version of the file set: 4\n    - Internal version of the library: 3/);
});

test("a union does not look at members after one holding the whole base", () => {
  const lazy = (op: string) => `toList (${op} ./src) == toList ./src`;
  assert.equal(evalIn(tree, lazy(`(s: union s { _type = "fileset"; _internalVersion = 3; _internalIsEmptyWithoutBase = false; _internalBase = ./src; _internalBaseRoot = /.; _internalBaseComponents = (union ./src ./src)._internalBaseComponents; _internalTree = abort "never read"; })`)).value, true);
});
