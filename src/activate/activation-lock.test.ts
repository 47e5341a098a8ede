import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireActivationLock, LOCK_PATH } from "./activation-lock.ts";
import { RootFs } from "./root-fs.ts";

test("acquireActivationLock() refuses while a live process holds the lock, naming it", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const release = acquireActivationLock(new RootFs(root));
  assert.throws(() => acquireActivationLock(new RootFs(root)), new RegExp(`another system-manager \\(pid ${process.pid}\\) is activating this root`));
  release();
  assert.ok(!existsSync(join(root, LOCK_PATH)));
  acquireActivationLock(new RootFs(root))();
});

test("acquireActivationLock() takes over a lock whose holder is gone", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  writeFileSync(join(root, LOCK_PATH), "2147483646\n");
  const release = acquireActivationLock(new RootFs(root));
  release();
});
