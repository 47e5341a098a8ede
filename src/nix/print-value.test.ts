import { test } from "node:test";
import assert from "node:assert/strict";
import { printAttrName, printFloat, printString, printValue } from "./print-value.ts";
import { NixAttrs, NixFunction, NixPath, Thunk } from "./value.ts";

test("floats print as C++ streams do (six significant digits)", () => {
  assert.deepEqual(
    [1.5, 1, 0.1, 1e-5, 123456, 1234567, 1.5e10, 1 / 3, -2.25, 0].map(printFloat),
    ["1.5", "1", "0.1", "1e-05", "123456", "1.23457e+06", "1.5e+10", "0.333333", "-2.25", "0"],
  );
});

test("strings escape quotes, backslashes, control characters and ${", () => {
  assert.equal(printString('a"b\\c\nd\re\tf${g}$h'), '"a\\"b\\\\c\\nd\\re\\tf\\${g}$h"');
});

test("attribute names are quoted unless they are identifiers (keywords are quoted)", () => {
  assert.deepEqual(["a", "a-b'", "a b", "if", "or", "", "1x"].map(printAttrName), ["a", "a-b'", '"a b"', '"if"', "or", '""', '"1x"']);
});

test("sets, lists, functions, paths, thunks and repeated values", () => {
  const inner = NixAttrs.from({ x: 1n });
  const v = NixAttrs.from({
    b: [1n, "s", null, true],
    a: new NixFunction(() => null),
    m: new NixFunction(() => null, undefined, "builtins.map"),
    p: new NixPath("/x/y"),
    t: new Thunk(() => 2n),
    r: [inner, inner],
    e: [[], NixAttrs.empty],
  });
  assert.equal(printValue(v), '{ a = «lambda»; b = [ 1 "s" null true ]; e = [ [ ] { } ]; m = «primop map»; p = /x/y; r = [ { x = 1; } «repeated» ]; t = «thunk»; }');
  assert.match(printValue(v, { strict: true }), /t = 2; \}$/);
});

test("an empty list or set printed twice is printed twice, not «repeated»", () => {
  const list: never[] = [];
  assert.equal(printValue([list, list, NixAttrs.empty, NixAttrs.empty]), "[ [ ] [ ] { } { } ]");
});
