/**
 * A rollback is resumable: one killed after it switched the current link
 * but before it recorded its state is finished by running `rollback`
 * again, never stepped back from a second time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";
import { currentGenerationNumber, listGenerations, rollbackTarget, type Generation } from "../../src/activate/generations.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { STATE_PATH } from "../../src/activate/state.ts";
import { main } from "../../src/cli/main.ts";

const gen = (number: number, storePath: string, current = false): Generation => ({ number, storePath, date: 0, current });

test("rollbackTarget steps back from a completed generation, and resumes an interrupted rollback", () => {
  const three = [gen(1, "/s/a"), gen(2, "/s/b"), gen(3, "/s/c", true)];
  assert.deepEqual(rollbackTarget(three, "/s/c"), { generation: three[1], resumed: false });
  // An interrupted switch to 3 (state still on 2) is rolled back from, as before.
  assert.deepEqual(rollbackTarget(three, "/s/b"), { generation: three[1], resumed: false });
  const back = [gen(1, "/s/a"), gen(2, "/s/b", true), gen(3, "/s/c")];
  assert.deepEqual(rollbackTarget(back, "/s/c"), { generation: back[1], resumed: true });
  assert.deepEqual(rollbackTarget(back, "/s/b"), { generation: back[0], resumed: false });
  // The same store path in an older and a newer generation: completed on the current one means done.
  const again = [gen(1, "/s/a", true), gen(2, "/s/b"), gen(3, "/s/a")];
  assert.throws(() => rollbackTarget(again, "/s/a"), /Cannot roll back: generation 1 is the oldest/);
  assert.throws(() => rollbackTarget([gen(1, "/s/a")], null), /Cannot roll back: no generation is active on this root/);
});

test("system-manager rollback after a rollback killed before its state was written resumes to the same generation", { skip: isRoot ? false : "needs root" }, async () => {
  const root = makeTree({});
  const one = await build(root, [seedSystem, { environment: { etc: { "a.conf": { text: "1\n", mode: "0644" } } } }]);
  const two = await build(root, [seedSystem, { environment: { etc: { "a.conf": { text: "2\n", mode: "0600" } } } }]);
  await activate(world(root), { storePath: one }, false);
  await activate(world(root), { storePath: two }, false);
  const stateOfTwo = readFileSync(join(root, STATE_PATH));
  // The rollback did everything up to its last write, the state; the kill came before that.
  await activate(world(root), { storePath: one, generation: 1 }, false);
  writeFileSync(join(root, STATE_PATH), stateOfTwo);

  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { PATH: process.env.PATH }, cwd: "/" };
  assert.equal(await main(["rollback", "--root", root], io), 0, io.err);
  assert.match(io.err, /Resuming the interrupted rollback to generation 1\./);
  const fs = new RootFs(root);
  assert.equal(currentGenerationNumber(fs), 1);
  assert.deepEqual(listGenerations(fs, () => 0).map((g) => g.number), [1, 2]);
  assert.equal(readFileSync(join(root, "etc/a.conf"), "utf8"), "1\n");
  assert.equal(JSON.parse(readFileSync(join(root, STATE_PATH), "utf8")).generation, one);
});
