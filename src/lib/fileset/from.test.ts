/**
 * File sets made by walking directories: fileFilter asks its predicate
 * about each file (`name`, `type`, `hasExt`, and an attribute that makes a
 * predicate without `...` fail), fromSource keeps what a lib.sources filter
 * keeps, and gitTracked needs a Git working tree and builtins.fetchGit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalIn, fileTree } from "./test-tree.ts";

const tree = fileTree({ "src/sub/b.c": "", "src/sub/c.h": "", "src/a.c": "", "doc/README": "", ".git/HEAD": "ref: refs/heads/main\n" });
const files = (expr: string) => evalIn(tree, `map (p: lib.removePrefix "${tree}/" (toString p)) (toList (${expr}))`).value;

test("fileFilter keeps the files its predicate accepts", () => {
  assert.deepEqual(files(`fileFilter (f: f.hasExt "c") ./src`), ["src/a.c", "src/sub/b.c"]);
  assert.deepEqual(files(`fileFilter (f: f.type == "regular" && f.name == "README") ./.`), ["doc/README"]);
  assert.deepEqual(files(`fileFilter (f: true) ./src/sub/c.h`), ["src/sub/c.h"]);
  assert.match(evalIn(tree, "toList (fileFilter ({ name, type, hasExt }: true) ./doc)").error ?? "", /called with unexpected argument 'lib\.fileset\.fileFilter: The predicate function passed as the first argument must be able to handle extra attributes/);
});

test("fileFilter refuses what is not a predicate and a path", () => {
  assert.equal(evalIn(tree, "fileFilter 1 ./.").error, "lib.fileset.fileFilter: First argument is of type int, but it should be a function instead.");
  assert.match(evalIn(tree, "fileFilter (f: true) (union ./src ./doc)").error ?? "", /^lib\.fileset\.fileFilter: Second argument is a file set, but it should be a path instead\.\n    If you need to filter files in a file set, use `intersection fileset \(fileFilter pred \.\/\.\)` instead\.$/);
  assert.match(evalIn(tree, "fileFilter (f: true) ./nope").error ?? "", /^lib\.fileset\.fileFilter: Second argument \(.*\/nope\) is a path that does not exist\.$/);
});

test("fromSource: a path's files, or those a lib.sources filter keeps", () => {
  assert.deepEqual(files(`fromSource (lib.sources.sourceByRegex ./. [ "src" "src/sub" ".*\\\\.h" ])`), ["src/sub/c.h"]);
  assert.deepEqual(files("fromSource ./doc"), ["doc/README"]);
  assert.match(evalIn(tree, `fromSource "/tmp"`).error ?? "", /^lib\.fileset\.fromSource: The source origin of the argument is a string-like value \("\/tmp"\), but it should be a path instead\./);
  assert.equal(evalIn(tree, "fromSource 3").error, "lib.fileset.fromSource: The source origin of the argument is of type int, but it should be a path instead.");
});

test("gitTracked checks its argument, then asks builtins.fetchGit for the working tree", () => {
  assert.equal(evalIn(tree, "gitTracked 1").error, "lib.fileset.gitTracked: Expected the argument to be a path, but it's a int instead.");
  assert.match(evalIn(tree, "gitTracked ./doc/README").error ?? "", /^lib\.fileset\.gitTracked: Expected the argument \(.*\/doc\/README\) to be a directory, but it's a file instead\.$/);
  assert.match(evalIn(tree, "gitTracked ./src").error ?? "", /to point to a local working tree of a Git repository, but it's not\.$/);
  assert.match(evalIn(tree, "gitTrackedWith { recurseSubmodules = 1; } ./.").error ?? "", /`recurseSubmodules` of the first argument to be a boolean, but it's a int instead\.$/);
  assert.match(evalIn(tree, "gitTrackedWith { recurseSubmodules = null; } ./.").error ?? "", /`recurseSubmodules` of the first argument to be a boolean, but it's a null instead\.$/);
  // This evaluator's fetchGit cannot fetch: the error says so, naming the working tree.
  assert.match(evalIn(tree, "toList (gitTracked ./.)").error ?? "", new RegExp(`cannot fetch '${tree}' with builtins\\.fetchGit`));
});
