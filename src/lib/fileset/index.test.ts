/**
 * lib.fileset (empty, maybeMissing, union, unions, toList, isFileset) and
 * the option type `types.fileset`, over an in-memory file tree: paths
 * stand for their file sets, unions drop what another member holds, and
 * what is not a file set is refused in nixpkgs' words.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageOf as messageWithLib, withLib as withGivenLib } from "../test-support.ts";
import { nixLib } from "../index.ts";
import { memoryIO } from "../../nix/io.ts";

const lib = nixLib({ io: memoryIO({ "/src/a.c": "a", "/src/sub/b.c": "b", "/src/sub/c.h": "c", "/doc/README": "r" }) });
const withLib = (body: string) => withGivenLib(`with lib.fileset; ${body}`, lib);
const messageOf = (body: string) => messageWithLib(`with lib.fileset; ${body}`, lib);

test("file sets from paths: toList lists the files below, a union holds each file once", () => {
  assert.deepEqual(withLib("toList /src"), ["/src/a.c", "/src/sub/b.c", "/src/sub/c.h"]);
  assert.deepEqual(withLib("toList (unions [ /src/sub/b.c /doc /src/sub empty ])"), ["/doc/README", "/src/sub/b.c", "/src/sub/c.h"]);
  assert.deepEqual(withLib("toList (union empty (maybeMissing /nowhere))"), []);
  assert.deepEqual(withLib(`map isFileset [ empty /src /nowhere "/src" 1 (union /src /doc) ]`), [true, true, false, false, false, true]);
});

test("what is not a file set is refused with nixpkgs' messages", () => {
  assert.match(messageOf("toList /nowhere"), /^lib\.fileset\.toList: Argument \(\/nowhere\) is a path that does not exist\.\n    To create a file set from a path that may not exist, use `lib\.fileset\.maybeMissing`\./);
  assert.match(messageOf(`unions [ /src "/doc" ]`), /^lib\.fileset\.unions: Element 1 \("\/doc"\) is a string-like value, but it should be a file set or a path instead\./);
  assert.equal(messageOf("union 1 /src"), "lib.fileset.union: First argument is of type int, but it should be a file set or a path instead.");
  assert.equal(messageOf("unions /src"), "lib.fileset.unions: Argument is of type path, but it should be a list instead.");
  assert.match(messageOf("(empty)._noEval"), /^lib\.fileset: Directly evaluating a file set is not supported\./);
});

test("types.fileset: definitions merge to their union; a non-file-set is not of type `fileset'", () => {
  const option = (...defs: string[]) =>
    `(lib.evalModules { modules = [ { options.f = lib.mkOption { type = lib.types.fileset; }; } ${defs.map((d, i) => `{ _file = "m${i}.nix"; f = ${d}; }`).join(" ")} ]; }).config.f`;
  assert.deepEqual(withLib(`toList ${option("/src/sub", "/src/a.c", "empty")}`), ["/src/a.c", "/src/sub/b.c", "/src/sub/c.h"]);
  assert.deepEqual(withLib(`toList ${option("lib.mkIf false /src")}`), []);
  assert.match(messageOf(option(`"/src"`)), /^A definition for option `f' is not of type `fileset'\. Definition values:\n- In `m0\.nix': "\/src"/);
});
