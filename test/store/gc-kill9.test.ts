/**
 * A gc killed (SIGKILL) while it removes a dead store path leaves nothing
 * of it under its final name, where it would be taken for a valid path
 * (src/store/store-validity.ts): gc renames the path to a temporary of its
 * own first, and what the killed gc left is a dead writer's temporary,
 * which the next gc removes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { collectGarbage } from "../../src/packages/gc.ts";
import { removeTree } from "../../src/packages/staged-path.ts";

const GC = new URL("../../src/packages/gc.ts", import.meta.url).href;

/** Runs gc on `root` in another process that kills itself as soon as it starts removing a tree in the store. */
async function gcKilledWhileRemoving(root: string): Promise<NodeJS.Signals | null> {
  const script = `
    import fs from "node:fs";
    import { syncBuiltinESMExports } from "node:module";
    const rmSync = fs.rmSync;
    fs.rmSync = (path, ...rest) => (String(path).startsWith(${JSON.stringify(join(root, STORE_DIR) + "/")}) ? process.kill(process.pid, "SIGKILL") : rmSync(path, ...rest));
    syncBuiltinESMExports();
    const { collectGarbage } = await import(${JSON.stringify(GC)});
    collectGarbage(${JSON.stringify(root)}, { dryRun: false });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "inherit", "inherit"] });
  const [, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return signal;
}

test("a gc killed while removing a dead path leaves no part of it under its final name, and the next gc removes the rest", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-kill9-"));
  t.after(() => removeTree(root));
  const store = join(root, STORE_DIR);
  const dead = "0123456789abcdfghijklmnpqrsvwxyz-dead";
  mkdirSync(join(store, dead, "sub"), { recursive: true });
  for (const f of ["a", "sub/b"]) writeFileSync(join(store, dead, f), `${f}\n`, { mode: 0o444 });
  chmodSync(join(store, dead, "sub"), 0o555);
  chmodSync(join(store, dead), 0o555);
  assert.equal(await gcKilledWhileRemoving(root), "SIGKILL");
  const left = readdirSync(store);
  assert.ok(!left.includes(dead), "the dead path is not under its final name");
  assert.equal(left.filter((n) => n.startsWith(".tmp-")).length, 1, "it is the killed gc's temporary");
  assert.deepEqual(collectGarbage(root, { dryRun: false }).dead, left);
  assert.deepEqual(readdirSync(store), []);
});
