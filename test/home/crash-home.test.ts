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
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { QuickFs, cloneTree } from "../activate/crash-harness.ts";
import { listGenerations } from "../../src/activate/generations.ts";
import { HOME_PROFILE } from "../../src/activate/home/activate-home.ts";
import { activateGen, crashEverywhere, HOME, homeTree, PROFILES, prepareHome, run } from "./crash-home-scenarios.ts";

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

test("generation 2 killed at any write, run again, then rolled back to generation 1, converges to that rollback", async () => {
  const { root, gens } = await prepareHome();
  const template = cloneTree(root);
  run(template, activateGen(gens[0]));
  assert.ok(crashEverywhere(template, activateGen(gens[1]), [activateGen(gens[1]), activateGen(gens[0], 1)]) > 15);
});

test("generation 2 killed at any write, then rolled back to generation 1, gives generation 1's home", async () => {
  const { root, gens } = await prepareHome();
  const template = cloneTree(root);
  run(template, activateGen(gens[0]));
  // Generation 2's link may or may not have been registered before the kill, and the user's .profile may or may not
  // have been backed up (it is at one or the other: nothing is lost): both are left out of the comparison.
  const writes = crashEverywhere(template, activateGen(gens[1]), [activateGen(gens[0], 1)], {
    skip: [PROFILES, "/.profile", "/.profile.bak"],
    check: (r) => assert.equal(listGenerations(new QuickFs(join(r, HOME)), () => 0, HOME_PROFILE).find((g) => g.current)?.storePath, gens[0]),
  });
  assert.ok(writes > 15);
});

test("generation 2 killed at any write, rolled back to generation 1, then activated again, gives generation 2's home", async () => {
  const { root, gens } = await prepareHome();
  const template = cloneTree(root);
  run(template, activateGen(gens[0]));
  assert.ok(crashEverywhere(template, activateGen(gens[1]), [activateGen(gens[0], 1), activateGen(gens[1])]) > 15);
});

test("standalone (home-manager's own store): generation 2 killed at any write converges when run again, and rolled back", async () => {
  const { root, gens } = await prepareHome();
  const standalone = (g: string, n?: number) => activateGen(g, n, "/home/alice/.local/state/home-manager/store");
  const template = cloneTree(root);
  run(template, standalone(gens[0]));
  assert.ok(crashEverywhere(template, standalone(gens[1]), [standalone(gens[1]), standalone(gens[0], 1)]) > 15);
  assert.ok(crashEverywhere(template, standalone(gens[1]), [standalone(gens[0], 1)], { skip: [PROFILES, "/.profile", "/.profile.bak"] }) > 15);
});

test("a fully activated generation 2, rolled back to generation 1, gives generation 1's files", async () => {
  const { root, gens } = await prepareHome();
  const one = cloneTree(root);
  run(one, activateGen(gens[0]));
  const both = cloneTree(root);
  run(both, activateGen(gens[0]), activateGen(gens[1]), activateGen(gens[0], 1));
  const withoutBackup = Object.fromEntries(Object.entries(homeTree(both, [PROFILES])).filter(([k]) => k !== "/.profile.bak"));
  const profileBak = homeTree(both)["/.profile.bak"];
  assert.match(String(profileBak), /mine: profile/);
  assert.deepEqual(withoutBackup, Object.fromEntries(Object.entries(homeTree(one, [PROFILES])).filter(([k]) => k !== "/.profile")), "rollback leaves generation 1's files");
});

test("going back to a file where a directory of links was, a file of the user's in that directory keeps it a collision", async () => {
  const { root, gens } = await prepareHome();
  run(root, activateGen(gens[0]), activateGen(gens[1]));
  writeFileSync(join(root, HOME, ".config/tool/mine.txt"), "mine\n");
  assert.throws(() => run(root, activateGen(gens[0], 1)), /Existing directory '\/home\/alice\/\.config\/tool' is in the way of a managed file/);
  assert.equal(readFileSync(join(root, HOME, ".config/tool/mine.txt"), "utf8"), "mine\n");
});
