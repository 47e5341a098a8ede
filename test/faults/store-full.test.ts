/**
 * A store that fills up while a store path is written: a user error naming
 * the store and why, no temporary left behind, and the next write (with
 * space again) succeeds.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { cleanup, fill, needsRoot, tmpfs } from "./faults.ts";

after(cleanup);

test("a full store is a located user error, and nothing half-written stays", { skip: needsRoot }, async () => {
  const root = tmpfs(2048);
  mkdirSync(join(root, "var/lib/system-manager/store"), { recursive: true });
  fill(root, 16);
  const tree = new Map([["big", { kind: "file" as const, content: Buffer.alloc(256 * 1024, 1), executable: false }]]);
  await assert.rejects(
    writeStorePath(root, "big", tree),
    (e) => e instanceof UserError && e.message === `Cannot write to the store ${join(root, "var/lib/system-manager/store")}: no space left on device; free some space (system-manager gc removes store paths no generation uses)`,
  );
  assert.deepEqual(readdirSync(join(root, "var/lib/system-manager/store")), []);
  for (const f of readdirSync(root)) if (f.startsWith(".fill")) rmSync(join(root, f));
  const path = await writeStorePath(root, "big", tree);
  assert.ok(readdirSync(join(root, "var/lib/system-manager/store")).includes(path.split("/").pop() as string));
});
