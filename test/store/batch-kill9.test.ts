/**
 * A build killed (SIGKILL) while it writes its batch of store paths
 * (src/store/write-store-paths.ts) leaves no partial path under a final
 * name: every store entry there holds exactly its tree (the writer stops
 * at a chosen rename or link into the store and is killed there: write-batch-child.ts, so the
 * test does not depend on how busy the machine is). What it left (its
 * batch's temporary directory, its temporary GC roots) belongs to a dead
 * writer, which the next build removes; that build converges to the
 * store a build never killed writes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { contentAddressedPath } from "../../src/store/file-tree.ts";
import { holdsTree } from "../../src/store/verify-store-path.ts";
import { writeStorePaths } from "../../src/store/write-store-paths.ts";
import { removeDeadTemporaries } from "../../src/store/dead-temporaries.ts";
import { TEMP_ROOTS } from "../../src/store/temp-roots.ts";
import { removeTree } from "../../src/packages/staged-path.ts";
import { storeDigest } from "../packages/helpers/store-digest.ts";
import { batchTrees } from "./batch-trees.ts";

const N = 6000;
/** The placing (rename or link into the store) the writer is killed at: a third of its one-file paths are in place. */
const STOP = 2001;
const CHILD = join(import.meta.dirname, "write-batch-child.ts");

/** Names in the store directory, none while it does not exist yet. */
const entries = (store: string) => (existsSync(store) ? readdirSync(store) : []);

test("a batch killed midway leaves only whole paths under final names, and the next build converges", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-batch-kill9-"));
  const fresh = mkdtempSync(join(tmpdir(), "sm-batch-kill9-fresh-"));
  t.after(() => [root, fresh].forEach(removeTree));
  const store = join(root, STORE_DIR);
  // Killed where it stops, once some of its paths are in place and before all of them are.
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, root, String(N), String(STOP)], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = once(child, "exit");
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => {
    out += s;
    if (out.includes("stopped\n")) child.kill("SIGKILL");
  });
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, "SIGKILL", `the writer stopped at its placing ${STOP} and was killed there (exit ${code}, output ${JSON.stringify(out)})`);
  const trees = batchTrees(N);
  const byEntry = new Map(trees.map((x) => [contentAddressedPath(x.name, x.tree).slice(STORE_DIR.length + 1), x.tree]));
  const placed = entries(store).filter((n) => !n.startsWith("."));
  assert.equal(placed.length, STOP - 1, `the writer was killed before it finished (${placed.length} of ${trees.length} paths written)`);
  for (const n of placed) assert.ok(holdsTree(join(store, n), byEntry.get(n) ?? new Map()), `${n} is whole under its final name`);
  assert.ok(entries(store).some((n) => n.startsWith(".tmp-")), "the killed writer's temporary directory is left");

  await writeStorePaths(root, trees);
  removeDeadTemporaries(root);
  await writeStorePaths(fresh, trees);
  assert.deepEqual(storeDigest(root, { hidden: true }), storeDigest(fresh, { hidden: true }));
  assert.deepEqual(readdirSync(join(root, TEMP_ROOTS)).length, 1);
});
