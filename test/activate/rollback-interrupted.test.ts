/**
 * Rollback after an interrupted switch: the activation records itself in
 * the state before its first write (target and the generation current
 * before it) and clears that with its last, so `rollback` returns to the
 * generation current before the switch instead of stepping back from it;
 * a plain switch run again still finishes the job.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";
import { currentGenerationNumber, rollbackTarget, type Generation } from "../../src/activate/generations.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { readState, STATE_PATH, type InProgress } from "../../src/activate/state.ts";
import { main } from "../../src/cli/main.ts";
import { Crash, CrashingFs } from "./crash-harness.ts";

const gen = (number: number, storePath: string, current = false): Generation => ({ number, storePath, date: 0, current });
const rec = (storePath: string, generation: number, previous: InProgress["previous"]): InProgress => ({ storePath, generation, previous, linkTime: 1 });

test("rollbackTarget after an interrupted activation: a switch is undone, a rollback resumed, a deactivate undone", () => {
  const one = [gen(1, "/s/a", true)];
  // The only generation: no longer "the oldest", the interrupted switch to 2 is undone.
  assert.deepEqual(rollbackTarget(one, "/s/a", rec("/s/b", 2, { number: 1, storePath: "/s/a" })), { generation: one[0], resumed: false, undoing: rec("/s/b", 2, { number: 1, storePath: "/s/a" }) });
  // Killed after its link switch: the current is already 3, the system goes back to 2, not to 1.
  const three = [gen(1, "/s/a"), gen(2, "/s/b"), gen(3, "/s/c", true)];
  assert.equal(rollbackTarget(three, "/s/b", rec("/s/c", 3, { number: 2, storePath: "/s/b" })).generation, three[1]);
  // An interrupted rollback from 3 to 1 is resumed, wherever its link is.
  assert.deepEqual(rollbackTarget(three, "/s/c", rec("/s/a", 1, { number: 3, storePath: "/s/c" })), { generation: three[0], resumed: true });
  const off = [gen(1, "/s/a"), gen(2, "/s/b")];
  assert.equal(rollbackTarget(off, null, rec("", 0, { number: 2, storePath: "/s/b" })).generation, off[1]);
  assert.throws(() => rollbackTarget([], null, rec("/s/a", 1, null)), /Cannot roll back: no generation was active before the interrupted switch to generation 1; run switch again to finish it, or deactivate/);
  assert.throws(
    () => rollbackTarget([gen(1, "/s/x", true)], "/s/x", rec("/s/b", 2, { number: 1, storePath: "/s/a" })),
    /Cannot roll back: generation 1, current before the interrupted switch to generation 2, now points at \/s\/x, not \/s\/a \(\/var\/lib\/system-manager\/profiles\/system-1-link\)/,
  );
});

const io = () => {
  const o = { out: "", err: "", stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t), env: { PATH: process.env.PATH }, cwd: "/" };
  return o;
};

/** A root on generation 1 (a.conf "1") with a switch to a second configuration killed at write `at`. */
async function interrupted(at: number, before: readonly string[] = []) {
  const root = makeTree({ "etc/motd": "hand-written\n" });
  for (const text of before) await activate(world(root), { storePath: await build(root, [seedSystem, { environment: { etc: { "a.conf": { text, mode: "0644" } } } }]) }, false);
  const one = await build(root, [seedSystem, { environment: { etc: { "a.conf": { text: "1\n", mode: "0644" } } } }]);
  const two = await build(root, [seedSystem, { environment: { etc: { "a.conf": { text: "2\n", mode: "0600" }, "b.conf": { text: "b\n" } } } }]);
  await activate(world(root), { storePath: one }, false);
  await assert.rejects(activate(world(root, new CrashingFs(root, at)), { storePath: two }, false), Crash);
  return { root, one, two };
}

test("system-manager rollback after a switch killed half-way returns to the generation current before it", { skip: isRoot ? false : "needs root" }, async () => {
  const { root, one, two } = await interrupted(8);
  const fs = new RootFs(root);
  assert.deepEqual({ ...readState(fs).inProgress, linkTime: 0 }, { storePath: two, generation: 2, previous: { number: 1, storePath: one }, linkTime: 0 });
  assert.equal(currentGenerationNumber(fs), 1);
  const o = io();
  assert.equal(await main(["rollback", "--root", root], o), 0, o.err);
  assert.match(o.err, /Returning to generation 1, current before the interrupted switch to generation 2\./);
  assert.equal(currentGenerationNumber(fs), 1);
  assert.equal(readFileSync(join(root, "etc/a.conf"), "utf8"), "1\n");
  assert.equal(fs.entry("/etc/b.conf").kind, "absent");
  assert.equal(readFileSync(join(root, "etc/motd"), "utf8"), "hand-written\n");
  // (That the rollback's last write clears the record is checked in process, by crash-rollback.test.ts:
  // here it ran through the generation's engine, dist/engine.cjs as last built.)
  assert.equal(readState(fs).generation, one);
});

test("a switch killed half-way and run again converges, and clears the activation in progress", { skip: isRoot ? false : "needs root" }, async () => {
  const { root, two } = await interrupted(8);
  await activate(world(root), { storePath: two }, false);
  const fs = new RootFs(root);
  assert.equal(currentGenerationNumber(fs), 2);
  assert.equal(readFileSync(join(root, "etc/a.conf"), "utf8"), "2\n");
  assert.equal(readState(fs).inProgress, null);
  // Completed: rollback steps back as usual.
  const o = io();
  assert.equal(await main(["rollback", "--root", root], o), 0, o.err);
  assert.doesNotMatch(o.err, /interrupted/);
  assert.equal(currentGenerationNumber(fs), 1);
});

test("a record an older engine kept (it completed an activation since, rewriting the link) is stale: rollback steps back as usual", { skip: isRoot ? false : "needs root" }, async () => {
  // Generation 1 ("0"), generation 2 ("1"), and a switch to 3 killed half-way.
  const { root } = await interrupted(8, ["0\n"]);
  const fs = new RootFs(root);
  const record = readState(fs).inProgress;
  assert.equal(record?.generation, 3);
  // The rollback to 2 completes, as an older engine would, keeping the record it does not know.
  await activate(world(root), { storePath: (record?.previous as { storePath: string }).storePath, generation: 2 }, false);
  const state = JSON.parse(readFileSync(join(root, STATE_PATH), "utf8"));
  writeFileSync(join(root, STATE_PATH), JSON.stringify({ ...state, inProgress: record }));
  const o = io();
  assert.equal(await main(["rollback", "--root", root], o), 0, o.err);
  assert.doesNotMatch(o.err, /interrupted/);
  assert.equal(currentGenerationNumber(fs), 1);
  assert.equal(readFileSync(join(root, "etc/a.conf"), "utf8"), "0\n");
});

test("the state's inProgress is optional (older files: null) and checked for shape on read", () => {
  const root = makeTree({});
  const fs = new RootFs(root);
  const base = { version: 1, generation: null, files: {}, backups: {}, directories: [], users: [], groups: [], memberships: {}, locked: [] };
  fs.mkdirs("/var/lib/system-manager/state");
  writeFileSync(join(root, STATE_PATH), JSON.stringify(base));
  assert.equal(readState(fs).inProgress, null);
  writeFileSync(join(root, STATE_PATH), JSON.stringify({ ...base, inProgress: { storePath: "/s/a", generation: "2", previous: null, linkTime: null } }));
  assert.throws(() => readState(fs), /Cannot read the state file .*system-manager-state\.json .*inProgress\.generation/);
});
