/**
 * Crash safety of rollback and deactivate: each is killed at every write
 * in turn, and running it again converges to the tree an uninterrupted
 * run gives; a rollback run again resumes to the same generation, never
 * one further back; a deactivate or a rollback after a killed switch
 * removes what that switch had begun to put in place, the rollback
 * returning to the generation current before it (see crash-scenarios.ts),
 * including a home that switch was making for a user it added.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isRoot } from "../helpers/tree.ts";
import { currentGenerationNumber, listGenerations } from "../../src/activate/generations.ts";
import { readState } from "../../src/activate/state.ts";
import { QuickFs } from "./crash-harness.ts";
import { crashEverywhere, deactivate, first, prepare, rollback, second, SKIP, switchTo, third } from "./crash-scenarios.ts";

const skip = isRoot ? false : "needs root (chown to other users)";

test("a rollback killed at any write resumes to the same generation when run again, with three generations", { skip }, async () => {
  const { root } = await prepare([first, second, third], 3);
  const writes = await crashEverywhere(root, rollback, { check: (r) => assert.equal(currentGenerationNumber(new QuickFs(r)), 2, "rolled back once, to generation 2") });
  assert.ok(writes > 10);
});

test("a rollback killed at any write resumes when run again, with two generations (never 'the oldest')", { skip }, async () => {
  const { root } = await prepare([first, second], 2);
  const writes = await crashEverywhere(root, rollback, { check: (r) => assert.equal(currentGenerationNumber(new QuickFs(r)), 1) });
  assert.ok(writes > 10);
});

test("a deactivate killed at any write converges when run again", { skip }, async () => {
  const { root } = await prepare([first, second], 2);
  const writes = await crashEverywhere(root, deactivate, { check: (r) => assert.equal(readState(new QuickFs(r)).generation, null) });
  assert.ok(writes > 10);
});

test("a switch killed at any write, then deactivated, leaves what deactivating before the switch leaves", { skip }, async () => {
  const { root, paths } = await prepare([first, second], 1);
  const writes = await crashEverywhere(root, switchTo(paths[1] as string), {
    again: deactivate,
    skip: [...SKIP, "/var/lib/system-manager/profiles"],
    check: (r) => assert.equal(readState(new QuickFs(r)).generation, null),
  });
  assert.ok(writes > 15);
});

test("a switch killed at any write, then rolled back, gives back the tree before the switch, on the generation current before it", { skip }, async () => {
  // One generation before the switch: rollback used to step back from it ("1 is the oldest").
  const { root, paths } = await prepare([first, second], 1);
  const writes = await crashEverywhere(root, switchTo(paths[1] as string), {
    // Killed before its first state write, the switch changed nothing, and rollback still refuses.
    again: async (r, fs) => (readState(fs).inProgress === null ? assert.rejects(async () => rollback(r, fs), /generation 1 is the oldest/) : rollback(r, fs)),
    expect: "before",
    skip: [...SKIP, "/var/lib/system-manager/profiles"],
    check: (r) => {
      const fs = new QuickFs(r);
      assert.equal(listGenerations(fs, () => 0).find((g) => g.current)?.storePath, paths[0]);
      const state = readState(fs);
      assert.equal(state.generation, paths[0]);
      assert.equal(state.inProgress, null, "the rollback completed");
    },
  });
  assert.ok(writes > 15);
});

test("a switch killed while making a new user's home, then rolled back, leaves no temporary beside that home", { skip }, async () => {
  // carol is only in the second generation: the rollback never makes her home, so only the temporary's record can clear it.
  const withCarol = [...second, { users: { users: { carol: { isNormalUser: true, uid: 5002, group: "users", home: "/home/carol", createHome: true } } } }];
  const { root, paths } = await prepare([first, withCarol], 1);
  let madeHome = false;
  const writes = await crashEverywhere(root, switchTo(paths[1] as string), {
    again: async (r, fs) => {
      madeHome ||= existsSync(join(r, "home/.carol.system-manager-new"));
      return readState(fs).inProgress === null ? undefined : rollback(r, fs);
    },
    expect: "before",
    // Once made, her account (locked) and her home are kept, as a dropped user's are.
    skip: [...SKIP, "/var/lib/system-manager/profiles", "/home/carol", ...["passwd", "group", "shadow", "gshadow"].map((f) => `/etc/${f}`)],
  });
  assert.ok(madeHome, "some kill left the home's temporary");
  assert.ok(writes > 15);
});
