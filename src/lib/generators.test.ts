/**
 * lib.generators through the value model: toGitINI byte for byte (the
 * home-manager reference's example and the header, quoting, ordering and
 * spacing rules), toINI, toINIWithGlobalSection, toKeyValue, the default
 * key and value printers, toPretty and toJSON.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, jsFn, run, set } from "./test-support.ts";
import { NixFunction, NixString } from "../nix/value.ts";

const gnupg = { type: "derivation", name: "gnupg", outPath: "/nix/store/g-gnupg" };

test("toGitINI: the home-manager reference example", () => {
  const settings = { user: { name: "Jane", email: "j@x" }, alias: { co: "checkout" }, core: { editor: "vim" } };
  assert.equal(run("generators.toGitINI", settings), '[alias]\n\tco = "checkout"\n\n[core]\n\teditor = "vim"\n\n[user]\n\temail = "j@x"\n\tname = "Jane"\n');
});

test("toGitINI: subsections, raw headers, escapes, bare bools and ints, repeated keys, byte order", () => {
  const config = {
    user: { name: "Jane Doe", email: "jane@example.org", signingKey: "00112233" },
    alias: { co: "checkout", st: "status" },
    core: { editor: "vim", autocrlf: false, abbrev: 12, pager: { ...gnupg, name: "delta", outPath: "/nix/store/d-delta" } },
    gpg: { format: "openpgp", openpgp: { program: "@gnupg@/bin/gpg" } },
    url: { "ssh://git@github.com/": { insteadOf: "https://github.com/" } },
    extra: { name: "value", sub: { key: "v" } },
    'extra "with.dots"': { k: "raw" },
    escapes: { value: '"\\n\t' },
    multi: { value: [1, 2] },
    a: { b: { c: { d: true } } },
  };
  const expected = [
    "[a \"b.c\"]\n\td = true\n",
    "[alias]\n\tco = \"checkout\"\n\tst = \"status\"\n",
    "[core]\n\tabbrev = 12\n\tautocrlf = false\n\teditor = \"vim\"\n\tpager = /nix/store/d-delta\n",
    "[escapes]\n\tvalue = \"\\\"\\\\n\\t\"\n",
    "[extra]\n\tname = \"value\"\n",
    "[extra \"with.dots\"]\n\tk = \"raw\"\n",
    "[extra \"sub\"]\n\tkey = \"v\"\n",
    "[gpg]\n\tformat = \"openpgp\"\n",
    "[gpg \"openpgp\"]\n\tprogram = \"@gnupg@/bin/gpg\"\n",
    "[multi]\n\tvalue = 1\n\tvalue = 2\n",
    "[url \"ssh://git@github.com/\"]\n\tinsteadOf = \"https://github.com/\"\n",
    "[user]\n\temail = \"jane@example.org\"\n\tname = \"Jane Doe\"\n\tsigningKey = \"00112233\"\n",
  ].join("\n");
  assert.equal(run("generators.toGitINI", config), expected);
});

test("toGitINI: a dotted subsection keeps its inner dots; the nested form of a dotted name gives the same header", () => {
  assert.equal(run("generators.toGitINI", { url: { "https://github.com/": { insteadOf: "gh:" } } }), '[url "https://github.com/"]\n\tinsteadOf = "gh:"\n');
  assert.equal(run("generators.toGitINI", { extra: { "with.dots": { k: 1 } } }), '[extra "with.dots"]\n\tk = 1\n');
  assert.equal(run("generators.toGitINI", {}), "");
});

test("toGitINI keeps the context of derivation values", () => {
  const out = call("generators.toGitINI", { core: { pager: gnupg } });
  assert.ok(out instanceof NixString || typeof out === "string");
  assert.equal(String(out), "[core]\n\tpager = /nix/store/g-gnupg\n");
});

test("toINI: sections in order, default key=value lines, escaped section names, duplicate keys", () => {
  assert.equal(run("generators.toINI", {}, { b: { x: 1, y: "s" }, "a[1]": { flag: true, none: null } }), "[a\\[1\\]]\nflag=true\nnone=null\n\n[b]\nx=1\ny=s\n");
  assert.equal(run("generators.toINI", { listsAsDuplicateKeys: true }, { s: { k: [1, 2] } }), "[s]\nk=1\nk=2\n");
  const custom = { mkSectionName: jsFn((n: string) => n.toUpperCase()), mkKeyValue: call("generators.mkKeyValueDefault", {}, " : ") };
  assert.equal(run("generators.toINI", custom, { sec: { "a : b": 1 } }), "[SEC]\na\\ : b : 1\n");
});

test("toINIWithGlobalSection puts the global keys first", () => {
  assert.equal(run("generators.toINIWithGlobalSection", {}, { globalSection: { g: 1 }, sections: { s: { k: "v" } } }), "g=1\n\n[s]\nk=v\n");
  assert.equal(run("generators.toINIWithGlobalSection", {}, { globalSection: {} }), "");
});

test("toKeyValue and the default printers", () => {
  assert.equal(run("generators.toKeyValue", {}, { b: 1.5, a: "x" }), "a=x\nb=1.500000\n");
  assert.equal(run("generators.toKeyValue", { indent: "  ", mkKeyValue: call("generators.mkKeyValueDefault", {}, " ") }, { k: "v" }), "  k v\n");
  const quoted = call("generators.mkKeyValueDefault", { mkValueString: jsFn((v: unknown) => JSON.stringify(v)) }, "=");
  assert.equal(run(quoted, "k", "v"), 'k="v"');
  assert.deepEqual([run("generators.mkValueStringDefault", {}, 3), run("generators.mkValueStringDefault", {}, false)], ["3", "false"]);
  assert.throws(() => call("generators.mkValueStringDefault", {}, [1]), /generators\.mkValueStringDefault: lists not supported: \[\n  1\n\]/);
  assert.throws(() => call("generators.mkValueStringDefault", {}, { a: 1 }), /attrsets not supported/);
});

test("toPretty: multiline by default, one line on request, functions, pretty values", () => {
  assert.equal(run("generators.toPretty", {}, { a: [1, "x"], "b-c": null, "d.e": {} }), '{\n  a = [\n    1\n    "x"\n  ];\n  b-c = null;\n  "d.e" = { };\n}');
  assert.equal(run("generators.toPretty", { multiline: false }, { a: [1, "x\ny"] }), '{ a = [ 1 "x\\ny" ]; }');
  assert.equal(run("generators.toPretty", {}, "line1\nline2\n"), "''\n  line1\n  line2\n''");
  const f = new NixFunction(() => null, { names: new Map([["b", true], ["a", false]]), ellipsis: true });
  assert.equal(run("generators.toPretty", {}, f), "<function, args: {a, b?}>");
  assert.equal(run("generators.toPretty", {}, set({ __functor: new NixFunction(() => f) })), "<function, args: {a, b?}>");
  const pretty = { __pretty: jsFn((v: number) => `<${v}>`), val: 5 };
  assert.equal(run("generators.toPretty", { allowPrettyValues: true }, pretty), "<5>");
  assert.equal(run("generators.toPretty", {}, { type: "derivation", name: "hello" }), "<derivation hello>");
});

test("toJSON and toYAML write JSON with sorted keys; derivations as their path", () => {
  assert.equal(run("generators.toJSON", {}, { b: 1, a: [true, null, "s"] }), '{"a":[true,null,"s"],"b":1}');
  assert.equal(run("generators.toYAML", {}, { pkg: gnupg }), '{"pkg":"/nix/store/g-gnupg"}');
  assert.throws(() => call("generators.toJSON", {}, { f: jsFn((x: unknown) => x) }), /cannot convert a function to JSON/);
});
