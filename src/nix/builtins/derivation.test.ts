/**
 * Tests for derivation, derivationStrict, toFile and placeholder. The store
 * paths are what Nix 2.8 computes for the same expressions (store dir
 * /nix/store), so dependencies, multiple outputs, fixed outputs and
 * attribute coercion are all checked byte for byte.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isDerivation, NixAttrs, NixString, type Value } from "../value.ts";
import { attr, boom, call, makeWorld, plain, set } from "./test-helpers.ts";

const common = { builder: "/bin/sh", system: "x86_64-linux" };
const text = (v: Value) => (v instanceof NixString ? v.s : v);

test("derivations get Nix's drvPath and outPath", () => {
  const { b } = makeWorld();
  const drv = (attrs: Record<string, Value>) => call(b("derivation"), set({ ...common, ...attrs }));
  const a = drv({ name: "a", args: ["-c", "echo", 1n], flag: true, list: ["x", 2n, null] });
  assert.equal(text(attr(a, "drvPath")), "/nix/store/5pj4qndfvv5rvk06hb1gi6pi35vfzb8n-a.drv");
  assert.equal(text(attr(a, "outPath")), "/nix/store/6xxw6ba1939jzns40v9dclr6yq9bfkwa-a");

  const m = drv({ name: "m", outputs: ["out", "dev"], dep: a });
  assert.equal(text(attr(m, "drvPath")), "/nix/store/jxlq117nrhqjdbpxc4ll7f6nxmy72ap7-m.drv");
  assert.equal(text(attr(m, "outPath")), "/nix/store/d3l62yz6b1l4j0ww9qm89xzyp9mng1q6-m");
  assert.equal(text(attr(attr(m, "dev"), "outPath")), "/nix/store/caawfvfcv5fjpn6vld8rynkkm7nv7hv1-m-dev");
  assert.equal(attr(attr(m, "dev"), "outputName"), "dev");
  assert.equal((attr(m, "all") as unknown[]).length, 2);

  const sri = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  const f = drv({ name: "f", outputHash: sri, outputHashMode: "recursive" });
  assert.equal(text(attr(f, "drvPath")), "/nix/store/kz8r4n8jyzx1j9lfjdgk3mc68g6mv9w2-f.drv");
  assert.equal(text(attr(f, "outPath")), "/nix/store/f66gffbbljx7hpk8xw2f4ylk355g52as-f");
  const hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  const f2 = drv({ name: "f2", outputHashAlgo: "sha256", outputHash: hex });
  assert.equal(text(attr(f2, "drvPath")), "/nix/store/6a0zz4r23bdfvzni2p87b61ih1hnq9nl-f2.drv");
  assert.equal(text(attr(f2, "outPath")), "/nix/store/3zkvqjwjqpfy0jb59a64bfk27jc1hczq-f2");

  const u = drv({ name: "u", src: attr(m, "dev"), fx: f, tf: call(b("toFile"), "t", "hi") });
  assert.equal(text(attr(u, "drvPath")), "/nix/store/b4n953z3rhsmnak82vynw6sfqmla32g4-u.drv");
  assert.equal(text(attr(u, "outPath")), "/nix/store/pwjy7kp00qf08crgagfh8hx5fdrpzvy2-u");
});

test("a derivation is a lazy set: type, outputs and attributes before anything is hashed", () => {
  const { b } = makeWorld();
  const d = call(b("derivation"), set({ name: "x", builder: boom(), system: "s", meta: set({ a: 1n }) })) as NixAttrs;
  assert.ok(isDerivation(d));
  assert.deepEqual(d.keys(), ["all", "builder", "drvAttrs", "drvPath", "meta", "name", "out", "outPath", "outputName", "system", "type"]);
  assert.deepEqual(plain(attr(d, "meta")), { a: 1n });
  assert.throws(() => d.get("outPath"), { message: "forced" });
});

test("derivationStrict gives drvPath and outputs with their contexts", () => {
  const { b } = makeWorld();
  const r = plain(call(b("derivationStrict"), set({ name: "a", builder: "b", system: "s" })));
  assert.deepEqual(r, {
    drvPath: { s: "/nix/store/pn5w9v350w6b152fg17i8iinyi3g0di4-a.drv", context: ["=/nix/store/pn5w9v350w6b152fg17i8iinyi3g0di4-a.drv"] },
    out: { s: "/nix/store/dxf718d43nfd27n0ks5dv1yyq75xv2yk-a", context: ["!out!/nix/store/pn5w9v350w6b152fg17i8iinyi3g0di4-a.drv"] },
  });
});

test("derivation errors", () => {
  const { b } = makeWorld();
  const strict = (attrs: Record<string, Value>) => call(b("derivationStrict"), set(attrs));
  assert.throws(() => strict({ builder: "b", system: "s" }), { message: "attribute 'name' missing" });
  assert.throws(() => strict({ name: "a", system: "s" }), { message: "required attribute 'builder' missing" });
  assert.throws(() => strict({ name: "a", builder: "b" }), { message: "required attribute 'system' missing" });
  assert.throws(() => strict({ name: "a.drv", ...common }), { message: "derivation names are allowed to end in '.drv' only if they produce a single derivation file" });
  assert.throws(() => strict({ name: "~a~", ...common }), { message: "invalid derivation name: name '~a~' contains illegal character '~'. Please pass a different 'name'." });
  assert.throws(() => strict({ name: "..-a", ...common }), { message: "invalid derivation name: name '..-a' is not valid: first dash-separated component must not be '..'. Please pass a different 'name'." });
  assert.throws(() => strict({ name: "a", ...common, outputs: "out drvPath" }), { message: "invalid derivation output name 'drvPath'" });
  assert.throws(() => strict({ name: "a", ...common, __structuredAttrs: true, outputs: "out" }), { message: "expected a list but found a string: \"out\"" });
  assert.throws(() => strict({ name: "a", ...common, __contentAddressed: "yes" }), { message: 'expected a Boolean but found a string: "yes"' });
  assert.throws(() => strict({ name: "a", ...common, __impure: true }), {
    message: "experimental Nix feature 'impure-derivations' is disabled; add '--extra-experimental-features impure-derivations' to enable it",
  });
  assert.throws(() => strict({ name: "a", ...common, outputs: ["out", "out"] }), { message: "duplicate derivation output 'out'" });
  assert.throws(() => strict({ name: "a", ...common, outputHashMode: "deep" }), { message: "invalid value 'deep' for 'outputHashMode' attribute" });
  assert.throws(() => strict({ name: "a", ...common, f: set({}) }), (e: Error & { context: string[] }) => {
    assert.equal(e.message, "cannot coerce a set to a string: { }");
    assert.deepEqual(e.context.slice(0, 2), ["while evaluating attribute 'f' of derivation 'a'", "while evaluating derivation 'a'"]);
    return true;
  });
});

test("structured attributes: one __json variable, outputs a list, Nix's paths; the checks they disable are warned about", () => {
  const { b, warnings } = makeWorld();
  const drv = (attrs: Record<string, Value>) => call(b("derivation"), set({ ...common, __structuredAttrs: true, ...attrs }));
  const s = drv({ name: "s", outputs: ["out", "dev"], list: [1n, "x", null, true], nested: set({ a: 1.5, b: "q\n" }) });
  assert.equal(text(attr(s, "drvPath")), "/nix/store/d4rv2h33b4qvbd0i2kl3j712l1wassk6-s.drv");
  assert.equal(text(attr(s, "outPath")), "/nix/store/10qfmbrvj06gpgwl4y78szq4n6fwd6qr-s");
  assert.equal(text(attr(attr(s, "dev"), "outPath")), "/nix/store/7vgk26kalxmi1qd9cd3jxl0a1y7zfakb-s-dev");
  const legacy = drv({ name: "l", builder: "/dontcare", allowedReferences: [], maxSize: 1234n });
  assert.equal(text(attr(legacy, "outPath")), "/nix/store/n9i4rlsvkchjxkizlfvh6rby7dmbv6rk-l");
  assert.deepEqual(warnings, [
    "'structuredAttrs' disables the effect of the derivation attribute 'allowedReferences'; use 'outputChecks.<output>.allowedReferences' instead",
    "'structuredAttrs' disables the effect of the derivation attribute 'maxSize'; use 'outputChecks.<output>.maxSize' instead",
  ]);
});

test("toFile and placeholder", () => {
  const { b } = makeWorld();
  assert.deepEqual(plain(call(b("toFile"), "a", "b")), {
    s: "/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a",
    context: ["/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a"],
  });
  const inner = call(b("toFile"), "y", "z") as NixString;
  assert.equal(text(call(b("toFile"), "x", inner)), "/nix/store/vlnpi07i2pm2f32bcpy46sa5kfmzb11w-x");
  const drvOut = new NixString("x", new Set(["!out!/nix/store/pn5w9v350w6b152fg17i8iinyi3g0di4-a.drv"]));
  assert.throws(() => call(b("toFile"), "x", drvOut), /may not reference derivations/);
  assert.equal(call(b("placeholder"), "out"), "/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9");
});
