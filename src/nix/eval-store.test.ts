import { test } from "node:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { evalExpr, createEvaluator } from "./evaluate.ts";
import { EvalStore } from "./eval-store.ts";
import { stringText, type Value } from "./value.ts";
import { PathAccess } from "./path-access.ts";
import { makeStorePath, sha256 } from "./builtins/store-path.ts";

const text = (v: Value) => stringText(v as never);

test("by default paths are Nix's: builtins.toFile under /nix/store hashes as Nix 2.8 does", () => {
  const expected = makeStorePath("/nix/store", "text", sha256("hello").toString("hex"), "hello.txt");
  assert.equal(text(evalExpr(`builtins.toFile "hello.txt" "hello"`)), expected);
  assert.equal(text(evalExpr(`builtins.toFile "hello.txt" "hello"`, { store: new EvalStore("/nix/store") })), expected);
  assert.equal(text(evalExpr("builtins.storeDir")), "/nix/store");
});

test("a store directory given is used by storeDir, toFile, derivation and path copies, and hashed in as makeStorePath does", () => {
  const store = new EvalStore("/var/lib/sm/store");
  const ev = createEvaluator({ store });
  const at = (src: string) => text(ev.evalSource(src, "«test»", "/"));
  assert.equal(at("builtins.storeDir"), "/var/lib/sm/store");
  const f = at(`builtins.toFile "a.txt" "hi"`);
  const expected = makeStorePath("/var/lib/sm/store", "text", sha256("hi").toString("hex"), "a.txt");
  assert.equal(f, expected);
  assert.notEqual(f, text(evalExpr(`builtins.toFile "a.txt" "hi"`)));
  assert.deepEqual(store.texts.get(f), { name: "a.txt", text: "hi", references: [] });
  const out = at(`(derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo \${builtins.toFile "a.txt" "hi"} > $out" ]; }).outPath`);
  assert.match(out, /^\/var\/lib\/sm\/store\/[0-9a-z]{32}-d$/);
  const [drvPath, drv] = [...store.derivations][0] as [string, { builder: string; inputSrcs: Set<string>; outputs: Map<string, string> }];
  assert.match(drvPath, /^\/var\/lib\/sm\/store\/[0-9a-z]{32}-d\.drv$/);
  assert.deepEqual([...drv.inputSrcs], [f]);
  assert.equal(drv.outputs.get("out"), out);
  const dir = mkdtempSync(join(tmpdir(), "eval-store-"));
  writeFileSync(join(dir, "f"), "x");
  assert.match(at(`"\${${dir}/f}"`), /^\/var\/lib\/sm\/store\/[0-9a-z]{32}-f$/);
  rmSync(dir, { recursive: true });
  assert.equal(at(`builtins.unsafeDiscardStringContext (builtins.appendContext "x" { "${f}" = { path = true; }; })`), "x");
  assert.throws(() => at(`builtins.appendContext "x" { "/nix/store/00000000000000000000000000000000-a" = { path = true; }; }`), /is not a store path/);
});

test("pure evaluation may read the evaluation's store directory, not /nix/store", () => {
  const access = new PathAccess({ pure: true, storeDir: "/var/lib/sm/store" });
  assert.equal(access.check("/var/lib/sm/store/x-y/z"), "/var/lib/sm/store/x-y/z");
  assert.throws(() => access.check("/nix/store/x-y"), /forbidden in pure evaluation mode/);
});
