import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireActivationLock, LOCK_PATH } from "./activation-lock.ts";
import { RootFs } from "./root-fs.ts";

test("acquireActivationLock() refuses while a live process holds the lock, naming it", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  const release = acquireActivationLock(new RootFs(root));
  assert.throws(() => acquireActivationLock(new RootFs(root), { waitMs: 0 }), new RegExp(`another system-manager \\(pid ${process.pid}\\) is activating this root; wait for it to finish`));
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

test("acquireActivationLock() takes over a lock whose holder is a zombie (killed with SIGKILL, not yet reaped)", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  // perl's child exits at once, and perl never reaps it.
  const parent = spawn("perl", ["-e", '$| = 1; my $pid = fork; exit 0 if $pid == 0; print "$pid\\n"; sleep 30'], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const [line] = (await once(parent.stdout.setEncoding("utf8"), "data")) as [string];
    const zombie = Number(line.trim());
    while (!/^Z/.test(readFileSync(`/proc/${zombie}/stat`, "latin1").split(") ")[1] ?? "")) await sleep(5);
    writeFileSync(join(root, LOCK_PATH), `${zombie}\n`);
    acquireActivationLock(new RootFs(root))();
  } finally {
    parent.kill("SIGKILL");
  }
});

test("acquireActivationLock() waits for a live holder to finish (the engine of a switch whose CLI was killed with kill -9 <pid>)", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-lock-"));
  mkdirSync(join(root, "var/lib/system-manager"), { recursive: true });
  // A holder that lives a moment longer and then dies without releasing, as a killed activation does.
  const holder = spawn("sleep", ["0.5"], { stdio: "ignore" });
  writeFileSync(join(root, LOCK_PATH), `${holder.pid}\n`);
  const release = acquireActivationLock(new RootFs(root));
  assert.equal(readFileSync(join(root, LOCK_PATH), "utf8"), `${process.pid}\n`);
  release();
});
