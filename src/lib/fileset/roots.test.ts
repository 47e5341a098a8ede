/**
 * Filesystem roots: lib.fileset asks the final lib's `path.splitRoot`
 * where a path's root is (as nixpkgs does), so a lib extended with other
 * roots gets nixpkgs' refusals for file sets and roots on different ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evalIn, fileTree } from "./test-tree.ts";

const tree = fileTree({ "a/vol/x": "", "b/vol/y": "" });
// Every directory named "vol" is a filesystem root of its own.
const withVolumes = (body: string) =>
  evalIn(
    tree,
    `with (lib.extend (self: super: { path = super.path // { splitRoot = p: let s = toString p; m = builtins.match "(.*/vol)(/.*)?" s; in if m == null then super.path.splitRoot p else { root = /. + builtins.head m; subpath = "./" + lib.removePrefix "/" (if builtins.elemAt m 1 == null then "" else builtins.elemAt m 1); }; }; })).fileset; ${body}`,
  ).error ?? "no error";

test("file sets on different filesystem roots do not combine", () => {
  assert.equal(withVolumes("toList (union ./a/vol ./b/vol)"), `lib.fileset.union: Filesystem roots are not the same:\n    First argument: Filesystem root is "${tree}/a/vol"\n    Second argument: Filesystem root is "${tree}/b/vol"\n    Different filesystem roots are not supported.`);
  assert.match(withVolumes("toList (unions [ ./a/vol/x ./b/vol/y ])"), /^lib\.fileset\.unions: Filesystem roots are not the same:\n    Element 0: Filesystem root is ".*\/a\/vol"\n    Element 1: /);
});

test("toSource refuses a root on another filesystem root than the file set", () => {
  assert.equal(
    withVolumes("toSource { root = ./a/vol; fileset = ./b/vol; }"),
    `lib.fileset.toSource: Filesystem roots are not the same for \`fileset\` and \`root\` (${tree}/a/vol):\n    \`root\`: Filesystem root is "${tree}/a/vol"\n    \`fileset\`: Filesystem root is "${tree}/b/vol"\n    Different filesystem roots are not supported.`,
  );
});
