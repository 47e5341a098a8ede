import { test } from "node:test";
import assert from "node:assert/strict";
import { Parallel } from "./parallel.ts";

/** A task that records when it starts and finishes when `release` is called with its name. */
function gate() {
  const started: string[] = [];
  const waiting = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<void>((resolve) => {
      started.push(name);
      waiting.set(name, resolve);
    });
  const release = async (name: string) => {
    (waiting.get(name) as () => void)();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, task, release };
}

test("a place that frees goes to the waiting task of highest priority, in the order added among equals", async () => {
  const g = gate();
  const pool = new Parallel(1);
  pool.add(g.task("running"), 0);
  pool.add(g.task("small"), 10);
  pool.add(g.task("large"), 300);
  pool.add(g.task("middle"), 50);
  pool.add(g.task("middle again"), 50);
  assert.deepEqual(g.started, ["running"], "one at a time");
  for (const name of ["running", "large", "middle", "middle again"]) await g.release(name);
  assert.deepEqual(g.started, ["running", "large", "middle", "middle again", "small"]);
  await g.release("small");
  await pool.done();
});

test("after a failure, tasks not yet started are skipped and done() rejects with the first failure", async () => {
  const ran: string[] = [];
  const pool = new Parallel(1);
  pool.add(async () => {
    ran.push("fails");
    throw new Error("first");
  });
  pool.add(async () => {
    ran.push("skipped");
  });
  await assert.rejects(pool.done(), /first/);
  assert.deepEqual(ran, ["fails"]);
});
