/**
 * unifyModuleSyntax reads a module's own attributes in one pass: a
 * shorthand module's config is the set itself when it has none of them, or
 * the set without them (positions kept); they are forced in nixpkgs' order,
 * so the first bad one is the one reported. A module configModule makes
 * (for one instance) is unified directly, to the same form.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { configModule, configModuleSyntax, unifyModuleSyntax } from "./module-syntax.ts";
import { errorOf } from "./test-support.ts";
import { force, NixAttrs, Thunk } from "../nix/value.ts";
import type { Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";

const at = (line: number): Span => ({ file: "m.nix", line, column: 3 });

test("a shorthand module without the module's own attributes is its own config", () => {
  const v = NixAttrs.from({ a: 1n, b: 2n });
  const u = unifyModuleSyntax(v, "f.nix", ":anon-1");
  assert.equal(u.module.config, v);
  assert.deepEqual([u.module.file, u.module.key, u.imports.length, u.disabled.length, u.class], ["f.nix", ":anon-1", 0, 0, undefined]);
});

test("a shorthand module's config leaves out its own attributes and keeps the others' positions", () => {
  const v = NixAttrs.fromArrays(["_file", "a", "imports", "require", "z"], ["m.nix", 1n, ["i"], ["r"], 2n], [at(1), at(2), at(3), at(4), at(5)]);
  const u = unifyModuleSyntax(v, "f.nix", ":anon-1");
  const config = force(u.module.config) as NixAttrs;
  assert.deepEqual(config.keys(), ["a", "z"]);
  assert.deepEqual([config.posOf("a")?.line, config.posOf("z")?.line], [2, 5]);
  assert.deepEqual([u.module.file, u.module.key], ["m.nix", ":anon-1"]);
  assert.deepEqual(u.imports, ["r", "i"]);
});

test("a full module keeps config and options apart and refuses other attributes, naming all of them", () => {
  const options = NixAttrs.from({ o: 1n });
  const config = NixAttrs.from({ c: 1n });
  const u = unifyModuleSyntax(NixAttrs.from({ key: "k", options, config, imports: ["x"], _class: "nixos" }), "f.nix", ":anon-1");
  assert.deepEqual([u.module.options, u.module.config, u.module.key, u.imports, u.class], [options, config, "k", ["x"], "nixos"]);
  const bad = errorOf(() => unifyModuleSyntax(NixAttrs.from({ config, zeta: 1n, alpha: 2n }), "f.nix", ":anon-2"));
  assert.match(bad.message, /^Module `:anon-2' has an unsupported attribute `alpha'\..* \(namely: alpha zeta\)/);
});

test("the module's own attributes are forced in order: `_file` before `key` before `disabledModules`", () => {
  const failing = (what: string) =>
    new Thunk(() => {
      throw new UserError(what);
    });
  const e = errorOf(() => unifyModuleSyntax(NixAttrs.from({ disabledModules: failing("disabled"), key: failing("key"), _file: failing("file") }), "f.nix", ":anon-1"));
  assert.equal(e.message, "file");
  const k = errorOf(() => unifyModuleSyntax(NixAttrs.from({ disabledModules: failing("disabled"), key: failing("key") }), "f.nix", ":anon-1"));
  assert.equal(k.message, "key");
  assert.match(errorOf(() => unifyModuleSyntax(NixAttrs.from({ disabledModules: 1n }), "f.nix", ":anon-1")).message, /The `disabledModules' of module `f\.nix' must be a list/);
});

test("a module configModule makes unifies directly to what unifyModuleSyntax makes of the same set; other sets are not taken", () => {
  const config = NixAttrs.from({ a: 1n });
  const direct = configModuleSyntax(configModule("d.nix", config), ":anon-2");
  const unified = unifyModuleSyntax(NixAttrs.from({ _file: "d.nix", config }), "f.nix", ":anon-2");
  assert.deepEqual(direct, unified);
  assert.equal(direct?.module.config, config);
  assert.equal(configModuleSyntax(NixAttrs.from({ _file: "d.nix", config }), ":anon-2"), undefined);
});
