import { test } from "node:test";
import assert from "node:assert/strict";
import { printAttrName, printFloat, printJSON, printString, printValue } from "./print-value.ts";
import { NixAttrs, NixFunction, NixPath, Thunk } from "./value.ts";
import { createBuiltins } from "./builtins/index.ts";
import { Evaluator } from "./eval/evaluator.ts";
import { nodeIO } from "./io.ts";

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

test("sets, lists, functions, paths, thunks and repeated values, as nix-instantiate --eval prints them", () => {
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
  assert.equal(printValue(v), '{ a = <LAMBDA>; b = [ 1 "s" null true ]; e = [ [ ] { } ]; m = <PRIMOP>; p = /x/y; r = [ { x = 1; } «repeated» ]; t = <CODE>; }');
  assert.match(printValue(v, { strict: true }), /t = 2; \}$/);
});

test("a trace names functions as Nix's value printer does, and shows unevaluated values as «thunk»", () => {
  const span = { file: "/f.nix", line: 3, column: 7 };
  const named = NixFunction.withInfo(() => null, undefined, { formals: undefined, name: "inc", code2: undefined, span });
  const anonymous = NixFunction.withInfo(() => null, undefined, { formals: undefined, name: undefined, code2: undefined, span });
  const map = new NixFunction(() => null, undefined, "builtins.map");
  const mapApplied = NixFunction.withInfo(() => null, [1n], { formals: undefined, name: "builtins.map", code2: undefined });
  const shown = printValue([named, anonymous, map, mapApplied, new Thunk(() => 1n)], { style: "trace" });
  assert.equal(shown, "[ «lambda inc @ /f.nix:3:7» «lambda @ /f.nix:3:7» «primop map» «partially applied primop map» «thunk» ]");
  assert.equal(printValue([map, mapApplied]), "[ <PRIMOP> <PRIMOP-APP> ]");
});

test("a list is «repeated» when the same value holds it again, not when another value holds the same items", () => {
  const items = [1n];
  const again = new Thunk(() => items);
  again.force();
  assert.equal(printValue([items, items, again], { strict: true }), "[ [ 1 ] «repeated» [ 1 ] ]");
});

test("a trace prints a second empty set as «repeated» (Nix's empty sets are one), a result does not", () => {
  const sets = [NixAttrs.empty, NixAttrs.from({})];
  assert.equal(printValue(sets, { style: "trace" }), "[ { } «repeated» ]");
  assert.equal(printValue(sets), "[ { } { } ]");
});

test("an empty list or set printed twice is printed twice, not «repeated»", () => {
  const list: never[] = [];
  assert.equal(printValue([list, list, NixAttrs.empty, NixAttrs.empty]), "[ [ ] [ ] { } { } ]");
});

test("--json's text refuses a string whose bytes are not UTF-8 with Nix's message, and writes held halves that join as their character", () => {
  assert.throws(() => printJSON({ k: ["ok", "x\udcff"] }), { message: "JSON serialization error: [json.exception.type_error.316] invalid UTF-8 byte at index 1: 0xFF" });
  assert.throws(() => printJSON({ "\udcc3": 1 }), { message: /incomplete UTF-8 string; last byte: 0xC3$/ });
  assert.equal(printJSON(["\udcc3\udca9"]), '["é"]');
});

test("a trace shows a value being computed as «potential infinite recursion»", () => {
  const traces: string[] = [];
  const ev = new Evaluator({ io: nodeIO, pure: true, currentSystem: undefined, createBuiltins, trace: (m) => traces.push(m), warn: () => {} });
  const run = (src: string) => printValue(ev.evalSource(src, "/t.nix", "/"), { strict: true });
  assert.equal(run("let node = { size = 2; shown = builtins.trace node 7; }; in node.shown"), "7");
  assert.equal(run("let loop = builtins.trace { back = loop; } false; in loop"), "false");
  assert.deepEqual(traces, ["{ shown = «potential infinite recursion»; size = 2; }", "{ back = «potential infinite recursion»; }"]);
});
