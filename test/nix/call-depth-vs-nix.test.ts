/**
 * max-call-depth against Nix. Nix 2.8 (the nix-instantiate we can run)
 * has no max-call-depth: it evaluates until its own stack runs out. Current
 * Nix counts a level for each lambda or builtin call running, not for a
 * thunk forced, and refuses a call when more than max-call-depth (10000)
 * run; we count so (src/nix/running-calls.ts). So: at the last length our
 * count allows under the default (plain recursion 10000 deep, nixpkgs'
 * lib.foldr over 4999 elements, lib.foldAttrs over 1665 sets: 1, 2 and 6
 * levels an element, and the builtins around them), we give Nix 2.8's
 * value, on the stack the CLI gives an evaluation of that depth (no
 * JavaScript stack overflow first); one element more is "stack overflow;
 * max-call-depth exceeded" where Nix 2.8 still evaluates. A foldAttrs
 * over 3,000 sets (home-manager's files.nix over 3,000 home.file entries)
 * needs 18,000 levels: with --max-call-depth 20000 it evaluates to Nix
 * 2.8's value.
 * Skipped visibly without nix-instantiate or a copy of nixpkgs' lib.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runWithLargeStack } from "../../src/cli/large-stack.ts";
import { MAX_CALL_DEPTH, stackMbFor } from "../../src/nix/max-call-depth.ts";
import { upstream } from "../helpers/upstream.ts";
import { nixInstantiate, type NixResult } from "./nix-instantiate.ts";

const lib = upstream("nixpkgs.lib");
const skip = "skip" in lib ? lib.skip : undefined;
const libDir = "dir" in lib ? join(lib.dir, "lib") : "";

const PATTERNS = {
  recursion: (n: number) => `let f = n: if n == 0 then 0 else 1 + f (n - 1); in f ${n}`,
  foldr: (n: number) => `let lib = import ${libDir}; in lib.foldr (a: b: a + b) 0 (lib.range 1 ${n})`,
  foldAttrs: (n: number) => `let lib = import ${libDir}; in builtins.length (builtins.attrNames (lib.foldAttrs (acc: v: acc + v) 0 (map (i: { "f\${toString i}" = 1; }) (lib.range 1 ${n}))))`,
};
/** The last length the default max-call-depth allows, as current Nix counts. */
const LAST: Readonly<Record<keyof typeof PATTERNS, number>> = { recursion: 10000, foldr: 4999, foldAttrs: 1665 };

const ours = (text: string, maxCallDepth = MAX_CALL_DEPTH) =>
  runWithLargeStack<NixResult>(new URL("./call-depth-run.ts", import.meta.url), "evaluateWithDepth", [text, maxCallDepth], { stackMb: stackMbFor(maxCallDepth) });

test("at the last length the default max-call-depth allows we give Nix 2.8's value; one more is the max-call-depth error", { skip }, async (t) => {
  for (const [name, make] of Object.entries(PATTERNS) as [keyof typeof PATTERNS, (n: number) => string][]) {
    const last = LAST[name];
    const nix = nixInstantiate(make(last));
    if (nix === undefined) return t.skip("nix-instantiate is not installed");
    assert.deepEqual(await ours(make(last)), nix, `${name} ${last}`);
    assert.equal((nixInstantiate(make(last + 1)) as NixResult).ok, true, `Nix 2.8 has no max-call-depth: ${name} ${last + 1}`);
    assert.deepEqual(await ours(make(last + 1)), { ok: false, stderr: "stack overflow; max-call-depth exceeded" }, `${name} ${last + 1}`);
  }
});

test("lib.foldAttrs over 3,000 sets evaluates with max-call-depth 20000, to Nix 2.8's value", { skip }, async (t) => {
  const text = PATTERNS.foldAttrs(3000);
  const nix = nixInstantiate(text);
  if (nix === undefined) return t.skip("nix-instantiate is not installed");
  assert.deepEqual(nix, { ok: true, printed: "3000" });
  assert.deepEqual(await ours(text, 20000), nix);
  assert.equal((await ours(text)).ok, false, "under the default 10000 it needs more levels than allowed, as in current Nix");
});
