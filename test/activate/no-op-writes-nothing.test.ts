/**
 * A switch that changes nothing writes nothing: the state file and the
 * generation link keep their inode and mtime (no intent recorded, no
 * commit). A switch whose plan is empty but whose state is not settled
 * (an activation recorded as in progress) still writes, and settles it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo } from "../helpers/system.ts";
import { isEmptyPlan } from "../../src/activate/plan/empty-plan.ts";
import { STATE_PATH } from "../../src/activate/state.ts";
import { SYSTEM_PROFILE } from "../../src/activate/generations.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
const stamp = (path: string) => {
  const s = lstatSync(path);
  return { ino: s.ino, mtime: s.mtimeMs, ctime: s.ctimeMs };
};

test("a second switch of the same configuration leaves the state file and the current link untouched", { skip }, async () => {
  const root = makeTree({});
  await switchTo(root, [seedSystem]);
  const state = join(root, STATE_PATH);
  const link = join(root, SYSTEM_PROFILE.dir, SYSTEM_PROFILE.name);
  const before = { state: stamp(state), link: stamp(link), text: readFileSync(state, "utf8") };
  await new Promise((r) => setTimeout(r, 20));
  const second = await switchTo(root, [seedSystem]);
  assert.ok(isEmptyPlan(second.plan));
  assert.deepEqual({ state: stamp(state), link: stamp(link), text: readFileSync(state, "utf8") }, before);
});

test("an empty plan over a state that records an activation in progress writes the settled state", { skip }, async () => {
  const root = makeTree({});
  await switchTo(root, [seedSystem]);
  const state = join(root, STATE_PATH);
  const settled = JSON.parse(readFileSync(state, "utf8"));
  // As an activation killed after its last write but one leaves it: its record still in the state.
  const generation = settled.generation;
  writeFileSync(state, JSON.stringify({ ...settled, inProgress: { storePath: "/nowhere", generation: 99, previous: null, linkTime: 1 } }, null, 2) + "\n");
  const again = await switchTo(root, [seedSystem]);
  assert.ok(isEmptyPlan(again.plan));
  const after = JSON.parse(readFileSync(state, "utf8"));
  assert.equal(after.inProgress, null);
  assert.deepEqual(after.generation, generation);
});
