/**
 * Nix's own language tests (NixOS/nix tests/functional/lang, from a local
 * copy; skipped visibly without one), run by upstream-lang-run.ts. The
 * cases we do not pass yet are listed in upstream-lang-known.ts: any
 * other failure fails this test, and so does a listed case that passes
 * now (take it off the list), so the count only moves up.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runWithLargeStack } from "../../src/cli/large-stack.ts";
import { upstream } from "../helpers/upstream.ts";
import type { LangOutcome } from "./upstream-lang-run.ts";
import { KNOWN_FAILURES } from "./upstream-lang-known.ts";

const tree = upstream("nix");
const skip = "skip" in tree ? tree.skip : undefined;

test("Nix's language tests: every case passes but the known gaps, and no known gap passes unnoticed", { skip }, async () => {
  if (!("dir" in tree)) return;
  const outcomes = await runWithLargeStack<LangOutcome[]>(new URL("./upstream-lang-run.ts", import.meta.url), "runUpstreamLang", [join(tree.dir, "tests/functional/lang")]);
  const failing = outcomes.filter((o) => !o.pass);
  const unexpected = failing.filter((o) => !KNOWN_FAILURES.has(o.name)).map((o) => `${o.name}: ${o.detail}`);
  const fixed = outcomes.filter((o) => o.pass && KNOWN_FAILURES.has(o.name)).map((o) => o.name);
  const counts = ["eval-okay", "eval-fail", "parse-fail"].map((k) => {
    const all = outcomes.filter((o) => o.name.startsWith(`${k}-`));
    return `${k} ${all.filter((o) => o.pass).length}/${all.length}`;
  });
  console.log(`# Nix language tests: ${counts.join(", ")}`);
  assert.deepEqual(unexpected, [], "cases failing that are not known gaps");
  assert.deepEqual(fixed, [], "known gaps that pass now: take them off test/nix/upstream-lang-known.ts");
});
