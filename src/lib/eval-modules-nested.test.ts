/**
 * What a Nix `lib.evalModules` hands the evaluations nested in it: a
 * submodule type's modules given as paths are imported with the lib's
 * importer, and the type merges' warnings (a freeform `either` that
 * accepts nothing) go through the lib's warning channel.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvaluator, forceDeep } from "../nix/evaluate.ts";
import { callFunction } from "../nix/builtins/primop.ts";
import { nixLib } from "./index.ts";
import { plain } from "./test-support.ts";

/** Evaluates `lib: <body>` in `dir`, with a lib that imports through the evaluator and collects warnings. */
function withLib(dir: string, body: string, warnings: string[]): unknown {
  const evaluator = createEvaluator({ pure: false });
  const lib = nixLib({ importPath: (p) => evaluator.importPath(p), warn: (m) => warnings.push(m) });
  return plain(forceDeep(callFunction(evaluator.evalSource(`lib: ${body}`, join(dir, "test.nix"), dir), lib)));
}

test("a submodule's imports given as paths are loaded by the lib that evaluates it", () => {
  const dir = mkdtempSync(join(tmpdir(), "nested-eval-"));
  try {
    writeFileSync(join(dir, "enable.nix"), "{ lib, ... }: { options.enable = lib.mkEnableOption \"it\"; }\n");
    const config = withLib(
      dir,
      `(lib.evalModules { modules = [ {
        options.sub = lib.mkOption { type = lib.types.submodule { imports = [ ./enable.nix ]; }; default = { }; };
        config.sub.enable = true;
      } ]; }).config.sub`,
      [],
    );
    assert.deepEqual(config, { enable: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a freeform either that accepts no definition warns through the lib's channel", () => {
  const warnings: string[] = [];
  const config = withLib(
    tmpdir(),
    `(lib.evalModules { modules = [ {
      options.settings = lib.mkOption { type = lib.types.submodule { freeformType = lib.types.either lib.types.int lib.types.bool; }; };
      config.settings.port = "eighty";
    } ]; }).config.settings`,
    warnings,
  );
  assert.deepEqual(config, { port: "eighty" });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] as string, /^One or more definitions did not pass the type-check of the 'either' type\.\nThe option `settings` is neither a value of type `signed integer` nor `boolean`/);
});

test("an evaluation's modules are collected when its result is first read", () => {
  const e = `(lib.evalModules { class = "nixos"; modules = [ { _class = "darwin"; } ]; })`;
  assert.deepEqual(withLib(tmpdir(), `let r = ${e}; in [ r.class (builtins.attrNames r) ]`, []), ["nixos", ["_module", "_type", "class", "config", "extendModules", "graph", "options", "type"]]);
  assert.throws(() => withLib(tmpdir(), `${e}.config`, []), /cannot be imported into a module evaluation that expects class "nixos"/);
});
