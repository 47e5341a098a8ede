/**
 * nixpkgs' lib/tests/misc.nix (from the local nixpkgs.lib copy; skipped
 * visibly without it) run against OUR lib instead of nixpkgs': every test
 * must pass except the few listed below, which wait on the module system
 * and the option types. A test that starts failing is a regression of our
 * lib; one of the listed that starts passing must leave the list, so the
 * count only moves up.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEvaluator } from "../../src/nix/evaluate.ts";
import { nixLib } from "../../src/lib/index.ts";
import { force, NixAttrs, type Lazy } from "../../src/nix/value.ts";
import { callFunction } from "../../src/nix/builtins/primop.ts";
import { upstream } from "../helpers/upstream.ts";

const tree = upstream("nixpkgs.lib");

/** Tests that still fail with our lib, and why. */
const WAITING = new Set<string>([]);

test("nixpkgs' lib/tests/misc.nix passes with our lib, but for the tests waiting on the module system", { skip: "skip" in tree ? tree.skip : undefined }, () => {
  if (!("dir" in tree)) return;
  const dir = join(tree.dir, "lib/tests");
  const file = join(dir, "misc.nix");
  const source = readFileSync(file, "utf8");
  assert.ok(source.includes("lib = import ../default.nix;"), "misc.nix imports its lib as expected");
  const warn = () => {};
  const evaluator = createEvaluator({ warn, trace: warn, pure: false });
  const lib = nixLib({ ...evaluator.state, importPath: (p: string) => evaluator.importPath(p), warn, trace: warn });
  const withOurLib = evaluator.evalSource(`ourLib: ${source.replace("lib = import ../default.nix;", "lib = ourLib // { runTests = t: t; };")}`, file, dir);
  const tests = force(callFunction(force(withOurLib), lib)) as NixAttrs;
  const passes = force(evaluator.evalSource("t: t.expr == t.expected", "/passes.nix", "/"));
  const failed: string[] = [];
  const passingWaiting: string[] = [];
  let count = 0;
  for (const name of tests.keys().filter((n) => n.startsWith("test"))) {
    count++;
    let ok = false;
    try {
      ok = force(callFunction(passes, tests.lazy(name) as Lazy)) === true;
    } catch {
      ok = false;
    }
    if (!ok && !WAITING.has(name)) failed.push(name);
    if (ok && WAITING.has(name)) passingWaiting.push(name);
  }
  assert.ok(count > 300, `misc.nix has its tests (${count})`);
  assert.deepEqual(failed, []);
  assert.deepEqual(passingWaiting, [], "these pass now: take them off WAITING");
});
