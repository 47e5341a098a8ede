import { test } from "node:test";
import assert from "node:assert/strict";
import { force, NixAttrs, stringText, isString } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { packageSet, type PackageLookup } from "./package-set.ts";
import type { PackageInfo } from "./package-session.ts";

const OUT = "/var/lib/system-manager/store/0mdqa9w1p6cmli6976v4wi0sw9r4p5pr-ripgrep-13.0.0-4+b2";

function lookup(calls: string[]): PackageLookup {
  return {
    lookup(attr: string, system: string): PackageInfo {
      calls.push(`${attr}@${system}`);
      if (attr !== "ripgrep") throw new UserError(`Cannot find pkgs.${attr}: no such package; close names: ripgrep`);
      return { attr, provider: "debian", name: "ripgrep-13.0.0-4+b2", version: "13.0.0-4+b2", outPath: OUT, mainProgram: "rg" };
    },
  };
}

function text(attrs: NixAttrs, key: string): string {
  const v = force(attrs.get(key) as never);
  assert.ok(isString(v));
  return stringText(v);
}

test("pkgs.<attr> from the lock: name, pname, version, outPath and meta.mainProgram, resolved once and only when used", () => {
  const calls: string[] = [];
  const pkgs = packageSet(() => "x86_64-linux", lookup(calls));
  const rg = force(pkgs.get("ripgrep") as never) as NixAttrs;
  assert.equal(text(rg, "type"), "derivation");
  assert.equal(text(rg, "pname"), "ripgrep");
  assert.deepEqual(calls, [], "nothing is resolved before a resolved attribute is used");
  assert.equal(text(rg, "outPath"), OUT);
  assert.equal(text(rg, "version"), "13.0.0-4+b2");
  assert.equal(text(rg, "name"), "ripgrep-13.0.0-4+b2");
  assert.equal(text(force(rg.get("meta") as never) as NixAttrs, "mainProgram"), "rg");
  assert.deepEqual(calls, ["ripgrep@x86_64-linux"]);
});

test("an unknown package is an error when its value is used", () => {
  const pkgs = packageSet(() => "x86_64-linux", lookup([]));
  const p = force(pkgs.get("ripgrp") as never) as NixAttrs;
  assert.throws(() => force(p.get("outPath") as never), /Cannot find pkgs\.ripgrp: no such package; close names: ripgrep/);
});

test("without a lookup, a package is a request whose outPath depends on the attribute and system", () => {
  const a = force((force(packageSet(() => "x86_64-linux").get("ripgrep") as never) as NixAttrs).get("outPath") as never);
  const b = force((force(packageSet(() => "aarch64-linux").get("ripgrep") as never) as NixAttrs).get("outPath") as never);
  assert.notEqual(a, b);
  assert.equal(text(force(packageSet(() => "x86_64-linux").get("ripgrep") as never) as NixAttrs, "pname"), "ripgrep");
});
