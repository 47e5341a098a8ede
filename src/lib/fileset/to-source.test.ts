/**
 * lib.fileset.toSource: the store path holds exactly the selected files
 * (the paths below are what Nix itself gives `builtins.path` for the
 * same selection), and roots or file sets that cannot work are refused in
 * nixpkgs' words.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalIn, fileTree } from "./test-tree.ts";

const tree = fileTree({ "src/sub/b.c": "b\n", "src/sub/c.h": "h\n", "src/a.c": "a\n", "doc/README": "r\n", "top.txt": "x\n", "src/empty/deeper/": "", ".git/": "" });
const source = (root: string, fileset: string) => evalIn(tree, `"\${toSource { root = ${root}; fileset = ${fileset}; }}"`).value;

test("toSource copies exactly the selected files, with the store path Nix gives", () => {
  assert.equal(source("./.", "union ./src/sub ./doc"), "/nix/store/wapssvd9f4hmcip38mr22yxrz4hjadb9-source");
  assert.equal(source("./src", "./src/sub/b.c"), "/nix/store/jsk9b7if72x232l4phgnncb1fh0wxffz-source");
  // Directories left without files (src/empty, .git) are not copied.
  assert.equal(source("./.", "difference ./. ./src"), "/nix/store/2svh0w7140g749jkqycfr7d6gkqnzq88-source");
  assert.equal(source("./.", "empty"), "/nix/store/0ccnxa25whszw7mgbgyzdm4nqc0zwnm8-source");
});

test("toSource refuses a root that is not an existing directory, and file sets reaching outside it", () => {
  const error = (root: string, fileset: string) => evalIn(tree, `toSource { root = ${root}; fileset = ${fileset}; }`).error ?? "no error";
  assert.match(error("./src", "./doc"), new RegExp(`^lib\\.fileset\\.toSource: \`fileset\` could contain files in ${tree}/doc, which is not under the \`root\` \\(${tree}/src\\)\\. Potential solutions:\n    - Set \`root\` to ${tree}/doc or any directory higher up\\.`));
  assert.match(error("./top.txt", "./doc"), /`root` \(.*\/top\.txt\) is a file, but it should be a directory instead\. Potential solutions:\n    - If you want to import the file into the store _without_ a containing directory/);
  assert.match(error(`"/tmp"`, "./doc"), /^lib\.fileset\.toSource: `root` \(\/tmp\) is a string-like value, but it should be a path instead\.\n    Paths in strings are not supported by `lib\.fileset`/);
  assert.match(error("./nope", "./doc"), /^lib\.fileset\.toSource: `root` \(.*\/nope\) is a path that does not exist\.$/);
  assert.match(error("./.", `"/x"`), /^lib\.fileset\.toSource: `fileset` \("\/x"\) is a string-like value/);
  assert.match(error("lib.cleanSource ./.", "./doc"), /^lib\.fileset\.toSource: `root` is a `lib\.sources`-based value, but it should be a path instead\./);
});
