/** Tests for toJSON/fromJSON, fromTOML and toXML: exact text, number handling, contexts and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { EvalError } from "../errors.ts";
import { NixAttrs, NixFunction, NixPath, NixString, Thunk } from "../value.ts";
import { jsonFloat } from "./json.ts";
import { call, fn, makeWorld, plain, set } from "./test-helpers.ts";

const { b } = makeWorld();
const toJSON = (v: unknown) => plain(call(b("toJSON"), v as never));
const fromJSON = (s: string) => plain(call(b("fromJSON"), s));
const fromTOML = (s: string) => plain(call(b("fromTOML"), s));

test("toJSON: a deep value is written whole, innermost last", () => {
  let deep: NixAttrs | null = null;
  for (let i = 0; i < 900; i++) deep = set({ head: BigInt(i), tail: deep });
  const text = toJSON(deep) as string;
  assert.ok(text.startsWith('{"head":899,"tail":{"head":898,"tail":'));
  assert.ok(text.endsWith(`{"head":0,"tail":null${"}".repeat(900)}`));
});

test("toJSON: compact, keys sorted, strings escaped", () => {
  assert.equal(toJSON(set({ b: [1n, "x"], a: null, c: true, "d e": set({}) })), '{"a":null,"b":[1,"x"],"c":true,"d e":{}}');
  assert.equal(toJSON('q"\\\n\t\x01é'), '"q\\"\\\\\\n\\t\\u0001é"');
});

test("toJSON floats print as current Nix (shortest form, .0 on integral values)", () => {
  const cases: [number, string][] = [
    [1.5, "1.5"], [0.1, "0.1"], [1.0, "1.0"], [1e8, "100000000.0"], [1e20, "1e+20"], [1e-7, "1e-07"],
    [1e15, "1e+15"], [1e14, "100000000000000.0"], [1e-4, "0.0001"], [-2.5, "-2.5"], [0, "0.0"], [123.456, "123.456"],
  ];
  for (const [x, text] of cases) assert.equal(jsonFloat(x), text, String(x));
});

test("toJSON: paths are copied, sets with __toString or outPath become strings, contexts kept", () => {
  assert.deepEqual(toJSON([new NixPath("/src/a")]), {
    s: '["/nix/store/00000000000000000000000000000000-a"]',
    context: ["/nix/store/00000000000000000000000000000000-a"],
  });
  assert.equal(toJSON(set({ __toString: fn(() => "ts"), outPath: "o" })), '"ts"');
  assert.equal(toJSON(set({ outPath: 1n })), "1");
  assert.deepEqual(toJSON(new NixString("x", new Set(["/nix/store/c"]))), { s: '"x"', context: ["/nix/store/c"] });
  assert.throws(() => toJSON(fn((x) => x)), { message: "cannot convert a function to JSON" });
});

test("toJSON: __toString must give a string (or a set that peels to one); outPath may give anything", () => {
  assert.equal(toJSON(set({ __toString: fn(() => set({ __toString: fn(() => "inner") })) })), '"inner"');
  assert.equal(toJSON(set({ __toString: fn(() => set({ outPath: "o" })) })), '"o"');
  assert.equal(toJSON(set({ outPath: set({ a: 1n }) })), '{"a":1}');
  assert.throws(() => toJSON(set({ __toString: fn(() => 42n) })), (e: EvalError) => {
    assert.equal(e.message, "`__toString` should return a string, but got an integer: 42");
    assert.deepEqual(e.context.slice(0, 1), ["while using the result of the `__toString` attribute"]);
    return true;
  });
  assert.throws(() => toJSON(set({ outPath: set({ __toString: fn(() => set({ a: 1n })) }) })), (e: EvalError) => {
    assert.equal(e.message, "`__toString` must return a string, but got a set: { a = 1; }");
    assert.deepEqual(e.context.slice(0, 2), ["while using the result of the `__toString` attribute", "while using the `outPath` attribute"]);
    return true;
  });
});

test("toJSON: an error placed nowhere is placed at the innermost attribute, framed with its name", () => {
  const at = { file: "/f.nix", line: 3, column: 5 };
  const failing = new Thunk(() => {
    throw new EvalError("nowhere");
  });
  const inner = new NixAttrs(new Map([["bad", failing]]), new Map([["bad", at]]));
  assert.throws(() => toJSON(set({ outer: inner })), (e: EvalError) => {
    assert.deepEqual(e.location, at);
    assert.deepEqual(e.context.slice(0, 2), ["while evaluating attribute 'bad'", "while evaluating attribute 'outer'"]);
    return true;
  });
});

test("fromJSON keeps ints and floats apart; later keys win", () => {
  assert.deepEqual(fromJSON('{"a": [1, 2.5, "x", null, true, {}], "b": 1e2, "a2": 1.0}'), { a: [1n, 2.5, "x", null, true, {}], a2: 1, b: 100 });
  assert.deepEqual(fromJSON('{"a":1,"a":2}'), { a: 2n });
  assert.equal(fromJSON("9223372036854775807"), 9223372036854775807n);
  assert.equal(fromJSON("99999999999999999999"), 1e20);
  assert.equal(fromJSON('"\\ud83d\\ude00"'), "😀");
  assert.throws(() => fromJSON("[1,"), /^EvalError: \[json.exception.parse_error.101\] parse error at line 1, column 4/);
  assert.throws(() => fromJSON(" 1 x"), /expected end of input/);
});

test("fromJSON refuses what a Nix value cannot hold: unsigned 64-bit numbers, NUL in keys and strings", () => {
  assert.equal(fromJSON("-9223372036854775808"), -9223372036854775808n);
  assert.throws(() => fromJSON('{"n": 9223372036854775808}'), { message: "unsigned json number 9223372036854775808 outside of Nix integer range" });
  const nul = "input string 'x\u2400y' cannot be represented as Nix string because it contains null bytes";
  assert.throws(() => fromJSON('{"x\\u0000y": 1}'), { message: nul });
  assert.throws(() => fromJSON('["x\\u0000y"]'), { message: nul });
});

test("fromTOML: tables, arrays of tables, dotted keys, inline tables, number forms", () => {
  assert.deepEqual(fromTOML('a = 1\nb.c = "x"\n[t]\nd = [1, 2.5, true]\n[[arr]]\nx = 1\n[[arr]]\nx = 2'), {
    a: 1n, arr: [{ x: 1n }, { x: 2n }], b: { c: "x" }, t: { d: [1n, 2.5, true] },
  });
  assert.deepEqual(fromTOML('x = "a\\tb" # comment\ny = { z = 1, w = [ 1, 2 ] }\n'), { x: "a\tb", y: { w: [1n, 2n], z: 1n } });
  assert.deepEqual(fromTOML("a = 0x10\nb = 1_000\nc = -inf\nd = 1e3\ne = \"\"\"\nml\"\"\"\nf = 'lit\\'"), {
    a: 16n, b: 1000n, c: -Infinity, d: 1000, e: "ml", f: "lit\\",
  });
  assert.deepEqual(fromTOML("s = '''a\n  b'''\n[a.b]\n[a]\nc = 2"), { a: { b: {}, c: 2n }, s: "a\n  b" });
});

test("fromTOML errors", () => {
  assert.throws(() => fromTOML("a = 1979-05-27"), /^EvalError: while parsing TOML: Dates and times are not supported/);
  assert.throws(() => fromTOML("a = 1\na = 2"), /while parsing TOML: value 'a' already exists/);
  assert.throws(() => fromTOML("[a]\n[a]"), /table 'a' is defined twice/);
  assert.throws(() => fromTOML("a = "), /expected a value/);
  assert.throws(() => fromTOML("a = 1\n\n\n\n\n\n\n\n\nbig = 9223372036854775808"), {
    message: [
      "while parsing TOML: [error] toml::parse_dec_integer: too large integer: current max digits = 2^63",
      " --> fromTOML",
      "    |",
      " 10 | big = 9223372036854775808",
      "    |                          ^-- must be < 2^63",
      "",
    ].join("\n"),
  });
  assert.deepEqual(fromTOML("small = -9223372036854775808"), { small: -9223372036854775808n });
  const nul = "while parsing TOML: error: input string 'x\u2400y' cannot be represented as Nix string because it contains null bytes";
  assert.throws(() => fromTOML('"x\\u0000y" = 1'), { message: nul });
  assert.throws(() => fromTOML('[t]\nv = ["x\\u0000y"]'), { message: nul });
});

test("toXML renders Nix's XML", () => {
  const lambda = new NixFunction(() => null, { names: new Map([["z", false], ["y", true]]), ellipsis: false });
  const xml = call(b("toXML"), set({ a: 1n, b: "x<&>\"'\n", c: [true, null, 1.5], e: lambda, f: new NixPath("/etc"), g: b("map") }));
  assert.equal(
    xml,
    [
      "<?xml version='1.0' encoding='utf-8'?>", "<expr>", "  <attrs>",
      '    <attr name="a">', '      <int value="1" />', "    </attr>",
      '    <attr name="b">', '      <string value="x&lt;&amp;&gt;&quot;\'&#xA;" />', "    </attr>",
      '    <attr name="c">', "      <list>", '        <bool value="true" />', "        <null />", '        <float value="1.5" />', "      </list>", "    </attr>",
      '    <attr name="e">', "      <function>", "        <attrspat>", '          <attr name="y" />', '          <attr name="z" />', "        </attrspat>", "      </function>", "    </attr>",
      '    <attr name="f">', '      <path value="/etc" />', "    </attr>",
      '    <attr name="g">', "      <unevaluated />", "    </attr>",
      "  </attrs>", "</expr>", "",
    ].join("\n"),
  );
});

test("toXML shows a derivation once, then as repeated", () => {
  const drv = set({ type: "derivation", drvPath: "/nix/store/x.drv", outPath: "/nix/store/x" });
  const text = call(b("toXML"), [drv, drv]) as string;
  assert.equal(text.split('<derivation drvPath="/nix/store/x.drv" outPath="/nix/store/x">').length, 3);
  assert.equal(text.split("<repeated />").length, 2);
});
