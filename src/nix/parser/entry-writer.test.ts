import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const WRITER = pathToFileURL(join(import.meta.dirname, "entry-writer.ts")).href;
const scratch = () => mkdtempSync(join(tmpdir(), "sm-entry-writer-"));

/** Runs `body` (an ES module's text, with backgroundEntryWriter and settleEntryWrites imported) in a fresh Node process. */
function inProcess(body: string): void {
  const src = `import { backgroundEntryWriter, settleEntryWrites } from ${JSON.stringify(WRITER)};\n${body}`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", src], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

const many = (dir: string, n: number) => `const w = backgroundEntryWriter(); for (let i = 0; i < ${n}; i++) w.write(${JSON.stringify(dir)} + "/e" + i, "entry " + i);`;

function assertWritten(dir: string, n: number): void {
  const names = readdirSync(dir).sort();
  assert.deepEqual(names, Array.from({ length: n }, (_, i) => `e${i}`).sort(), "every entry, and no temporary file");
  for (let i = 0; i < n; i++) assert.equal(readFileSync(join(dir, `e${i}`), "utf8"), `entry ${i}`);
}

test("entries beyond the first few are written on a thread of their own: all of them once settled", () => {
  const dir = scratch();
  inProcess(`${many(dir, 200)}\nsettleEntryWrites();\nconst { readdirSync } = await import("node:fs");\nif (readdirSync(${JSON.stringify(dir)}).length !== 200) process.exit(3);`);
  assertWritten(dir, 200);
});

test("a process that ends without settling still writes every entry handed over (its exit waits for them)", () => {
  const dir = scratch();
  inProcess(many(dir, 300));
  assertWritten(dir, 300);
});

test("a worker that settles before its result is taken leaves every entry written, though it is then terminated", async () => {
  const dir = scratch();
  // TypeScript loads in the worker through tsx's API, as bin/large-stack-worker.js loads it.
  const tsx = import.meta.resolve("tsx/esm/api");
  const body = `${many(dir, 300)} settleEntryWrites(); require("node:worker_threads").parentPort.postMessage("done");`;
  const worker = new Worker(`import(${JSON.stringify(tsx)}).then((t) => t.register()).then(() => import(${JSON.stringify(WRITER)})).then(({ backgroundEntryWriter, settleEntryWrites }) => { ${body} });`, { eval: true });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => void worker.terminate().then(() => resolve(), reject));
    worker.once("error", reject);
  });
  assertWritten(dir, 300);
});

test("entries that cannot be written are dropped, at once and on the thread; settling does not wait for them", () => {
  const dir = scratch();
  inProcess(`const w = backgroundEntryWriter(); let thrown = 0;
for (let i = 0; i < 50; i++) { try { w.write(${JSON.stringify(dir)} + "/missing/e" + i, "x"); } catch { thrown++; } }
settleEntryWrites();
if (thrown !== 8) { console.error("thrown", thrown); process.exit(3); }`);
  assert.deepEqual(readdirSync(dir), []);
});
