import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectGarbage } from "../../src/packages/gc.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { tmpPrefix, tmpWriterAlive } from "../../src/store/tmp-lock.ts";

const STAGED = new URL("../../src/packages/staged-path.ts", import.meta.url).href;
const INPUT = new URL("../../src/packages/input-path.ts", import.meta.url).href;

/** A build in another process that has begun writing a package and waits (until its stdin closes or it is killed). */
function writer(root: string): Promise<{ child: ReturnType<typeof spawn>; temporary: string }> {
  const script = `
    const { StagedPath } = await import(${JSON.stringify(STAGED)});
    const { inputAddressedPath } = await import(${JSON.stringify(INPUT)});
    const staged = new StagedPath(${JSON.stringify(root)}, inputAddressedPath("test", "in-flight-1.0", []));
    console.log(staged.dir);
    process.stdin.resume();`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").once("data", (line: string) => resolve({ child, temporary: line.trim().split("/").pop() as string }));
    child.once("exit", (code) => reject(new Error(`the writer exited (${code}) before writing`)));
  });
}

test("gc keeps the temporary of a live writer however old, and removes a dead writer's at once", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-tmp-"));
  const { child, temporary } = await writer(root);
  const store = join(root, STORE_DIR);
  try {
    assert.equal(tmpWriterAlive(temporary), true);
    // The clock says nothing: a live writer's temporary is kept even when gc thinks a day has passed.
    const r = collectGarbage(root, { dryRun: false, now: Date.now() + 24 * 3600 * 1000 });
    assert.deepEqual(r.dead, []);
    assert.ok(existsSync(join(store, temporary)));
  } finally {
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
  }
  assert.equal(tmpWriterAlive(temporary), false);
  const r = collectGarbage(root, { dryRun: false });
  assert.deepEqual(r.dead, [temporary]);
  assert.deepEqual(readdirSync(store), []);
});

test("a temporary naming a reused pid with another start time is a dead writer's", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-tmp-"));
  const store = join(root, STORE_DIR);
  mkdirSync(store, { recursive: true });
  const mine = tmpPrefix();
  assert.match(mine, new RegExp(`^\\.tmp-${process.pid}\\.\\d+-$`));
  const impostor = mine.replace(/\.(\d+)-$/, (_, t: string) => `.${Number(t) + 1}-x`);
  mkdirSync(join(store, `${mine}x`));
  mkdirSync(join(store, impostor));
  assert.deepEqual(collectGarbage(root, { dryRun: false }).dead, [impostor]);
  assert.deepEqual(readdirSync(store), [`${mine}x`]);
});

test("a temporary whose writer could not be recorded (no /proc) is judged by age, as one named before writers were", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-tmp-"));
  const store = join(root, STORE_DIR);
  mkdirSync(store, { recursive: true });
  mkdirSync(join(store, ".tmp-4242.0-x"));
  assert.equal(tmpWriterAlive(".tmp-4242.0-x"), undefined);
  assert.deepEqual(collectGarbage(root, { dryRun: true }).dead, []);
  assert.deepEqual(collectGarbage(root, { dryRun: true, now: Date.now() + 2 * 3600 * 1000 }).dead, [".tmp-4242.0-x"]);
});
