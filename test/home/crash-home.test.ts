/**
 * Crash safety of home activation, as a standing suite (issue #11): a home
 * activation is killed at every write it makes in turn (each link, unlink,
 * rename, directory made or removed, profile and generation link; a link
 * being written leaves its temporary as kill -9 does). After each kill the
 * user's own files are all there (at their path or as `.bak`), and running
 * it again, or rolling back, converges to the home an uninterrupted run
 * gives. See crash-home-scenarios.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cloneTree } from "../activate/crash-harness.ts";
import { activateGen, crashEverywhere, prepareHome, run } from "./crash-home-scenarios.ts";

test("a first home activation killed at any write converges when run again", async () => {
  const { root, gens } = await prepareHome();
  assert.ok(crashEverywhere(root, activateGen(gens[0]), [activateGen(gens[0])]) > 10);
});

test("a first home activation killed at any write, run again, then rolled back to nothing older, stays converged", async () => {
  const { root, gens } = await prepareHome();
  assert.ok(crashEverywhere(root, activateGen(gens[0]), [activateGen(gens[0]), activateGen(gens[0], 1)]) > 10);
});

test("generation 2 (adds, changes, removes, backs up) killed at any write converges when run again", async () => {
  const { root, gens } = await prepareHome();
  const template = cloneTree(root);
  run(template, activateGen(gens[0]));
  assert.ok(crashEverywhere(template, activateGen(gens[1]), [activateGen(gens[1])]) > 15);
});
