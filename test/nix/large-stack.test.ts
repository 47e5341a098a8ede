/**
 * runWithLargeStack (src/cli/large-stack.ts): a worker with a large stack
 * runs an export; what it posts arrives in order before its result; a
 * result the caller adopts leaves what the worker set up for the process
 * (its temporary GC root file, which its exit handlers would remove) in
 * place, and a failure is an Error carrying the worker's message. A
 * CommonJS module is required, without Node's ES module loader. Past its
 * timeoutMs, a worker is stopped and the call rejects. A worker a launcher
 * started ahead (bin/large-stack-worker.js) runs a call for its module and
 * stack, its `prepare` export run first; one nobody takes keeps no process
 * alive.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { dropUnusedWorker, runWithLargeStack } from "../../src/cli/large-stack.ts";
import { TEMP_ROOTS } from "../../src/store/temp-roots.ts";
import { prestart } from "../../bin/large-stack-worker.js";
import type { Worker } from "node:worker_threads";

const JOBS = new URL("./large-stack-jobs.ts", import.meta.url);

test("what the export posts arrives in order, before its result", async () => {
  const seen: unknown[] = [];
  assert.equal(await runWithLargeStack(JOBS, "postNumbers", [500], { onMessage: (m) => seen.push(m) }), "posted");
  assert.deepEqual(seen, Array.from({ length: 500 }, (_, i) => i));
});

test("64 MiB of stack holds recursion the main thread's stack does not", async () => {
  assert.equal(await runWithLargeStack(JOBS, "depth", [200_000], { stackMb: 64 }), 200_000);
});

test("an adopted result: the worker is stopped without its exit handlers, so its temporary root file stays", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-large-stack-"));
  try {
    mkdirSync(join(root, TEMP_ROOTS, ".."), { recursive: true });
    const name = "0123456789abcdfghijklmnpqrsvwxyz-adopted";
    const adopted: string[] = [];
    await runWithLargeStack<string>(JOBS, "takeRoot", [root, name], { adopt: (n) => (adopted.push(n), true) });
    assert.deepEqual(adopted, [name]);
    // Long enough for a worker that was let finish to have run its exit handlers.
    await runWithLargeStack(JOBS, "postNumbers", [1]);
    const files = readdirSync(join(root, TEMP_ROOTS));
    assert.equal(files.length, 1);
    assert.equal(readFileSync(join(root, TEMP_ROOTS, files[0] as string), "utf8"), `${name}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a CommonJS module is loaded with require(): the worker never loads Node's ES module loader", async () => {
  assert.deepEqual(await runWithLargeStack(new URL("./large-stack-commonjs-job.cjs", import.meta.url), "esmLoaderModules", []), []);
});

test("a failing export rejects with its message", async () => {
  await assert.rejects(runWithLargeStack(JOBS, "takeRoot", ["/nonexistent-root/x", "y"]), (e: Error) => e.message.length > 0 && "worker" in e);
});

test("past timeoutMs the worker is stopped and the call rejects, even while the export runs without yielding", async () => {
  const started = Date.now();
  await assert.rejects(runWithLargeStack(JOBS, "spin", [], { timeoutMs: 300 }), /spin did not return within 300 ms/);
  assert.ok(Date.now() - started < 20_000);
  assert.equal(await runWithLargeStack(JOBS, "depth", [10], { timeoutMs: 60_000 }), 10);
});

const CJS_JOB = new URL("./large-stack-commonjs-job.cjs", import.meta.url);
const ONE_PROCESSOR = "one processor: nothing is started ahead (bin/large-stack-worker.js)";

test("a worker started ahead runs the call for its module and stack, its prepare export run first, once", async (t) => {
  if (!prestart(CJS_JOB.href, 64, "prepare")) return t.skip(ONE_PROCESSOR);
  const took: boolean[] = [];
  assert.equal(await runWithLargeStack(CJS_JOB, "preparedTimes", [], { stackMb: 64, prestarted: true, took: (a) => took.push(a) }), 1);
  // Taken once: the next call starts a worker of its own, which prepares nothing.
  assert.equal(await runWithLargeStack(CJS_JOB, "preparedTimes", [], { stackMb: 64, prestarted: true, took: (a) => took.push(a) }), 0);
  assert.deepEqual(took, [true, false]);
});

test("a worker started ahead for another stack, or for a call that does not ask for one, is not taken", async (t) => {
  if (!prestart(CJS_JOB.href, 64, "prepare")) return t.skip(ONE_PROCESSOR);
  assert.equal(await runWithLargeStack(CJS_JOB, "preparedTimes", [], { stackMb: 128, prestarted: true }), 0);
  if (!prestart(CJS_JOB.href, 64, "prepare")) return t.skip(ONE_PROCESSOR);
  assert.equal(await runWithLargeStack(CJS_JOB, "preparedTimes", [], { stackMb: 64 }), 0);
  assert.equal(await runWithLargeStack(CJS_JOB, "preparedTimes", [], { stackMb: 64, prestarted: true }), 1, "still there for the call that asks");
});

test("a worker started ahead that the build did not take is stopped, and no later call takes it", async (t) => {
  if (!prestart(CJS_JOB.href, 64, "prepare")) return t.skip(ONE_PROCESSOR);
  const entry = (globalThis as Record<symbol, { worker: Worker } | undefined>)[Symbol.for("system-manager.prestarted-worker")];
  assert.ok(entry !== undefined);
  const exited = new Promise((resolve) => entry.worker.once("exit", resolve));
  dropUnusedWorker();
  await exited;
  const took: boolean[] = [];
  assert.equal(await runWithLargeStack(CJS_JOB, "preparedTimes", [], { stackMb: 64, prestarted: true, took: (a) => took.push(a) }), 0);
  assert.deepEqual(took, [false]);
  dropUnusedWorker();
});

test("a worker started ahead that nobody takes keeps no process alive", () => {
  const worker = fileURLToPath(new URL("../../bin/large-stack-worker.js", import.meta.url));
  const script = `require(${JSON.stringify(worker)}).prestart(${JSON.stringify(CJS_JOB.href)}, 64, "prepare"); console.log("started");`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.signal, null, "it ended by itself");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "started\n");
});
