/**
 * nixpkgs' own lib tests (lib/tests/misc.nix, from a local copy of
 * nixpkgs.lib; skipped visibly without it) evaluated by our evaluator
 * with nixpkgs' real lib: as `nix-instantiate --eval --strict
 * lib/tests/misc.nix`, the result is the list of failed tests, so it must
 * be empty. Evaluated twice with a parse cache, so the second run
 * evaluates from cached (and deferred) parses.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvaluator, diskParseCache, evalFile, forceDeep, printValue } from "../../src/nix/evaluate.ts";
import { upstream } from "../helpers/upstream.ts";

const tree = upstream("nixpkgs.lib");

test("nixpkgs' lib/tests/misc.nix: no test fails, parsed and from the parse cache", { skip: "skip" in tree ? tree.skip : undefined }, () => {
  if (!("dir" in tree)) return;
  const cache = mkdtempSync(join(tmpdir(), "sm-misc-cache-"));
  for (const run of ["parsed", "cached"]) {
    const evaluator = createEvaluator({ pure: false, warn: () => {}, trace: () => {}, parseCache: diskParseCache(cache) });
    const failed = forceDeep(evalFile(join(tree.dir, "lib/tests/misc.nix"), { evaluator }));
    assert.equal(printValue(failed), "[ ]", `${run}: the failed tests`);
  }
});
