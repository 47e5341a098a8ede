/**
 * One activation at a time per root: a lock file holding the holder's pid,
 * created exclusively. A lock whose holder is gone is taken over; a live
 * holder is waited for (up to a minute: an activation whose CLI was killed
 * runs on in its engine, and running the command again must then succeed),
 * then the second activation fails, naming it.
 */
import * as nodeFs from "node:fs";
import { UserError } from "../diagnostics/user-error.ts";
import type { RootFs } from "./root-fs.ts";
import { isZombie } from "../store/zombie.ts";
/** Beside the store (which the build created), so a refused activation leaves no new directory behind. */
const LOCK_DIR = "/var/lib/system-manager";
export const LOCK_PATH = `${LOCK_DIR}/activation.lock`;

/**
 * Whether process `pid` runs (EPERM: it does, as another user's). A zombie
 * does not: a holder killed with SIGKILL stays one until its parent (or
 * init, for an orphaned engine) reaps it, and it holds nothing meanwhile.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return !isZombie(pid);
}

/** How long an activation waits for a live holder: the engine of one whose CLI was killed (`kill -9 <pid>`) runs on to its end. */
const WAIT_MS = 60_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

export function acquireActivationLock(fs: RootFs, opts: { readonly waitMs?: number } = {}): () => void {
  fs.mkdirs(LOCK_DIR);
  const host = fs.hostPath(LOCK_PATH);
  const waitMs = opts.waitMs ?? WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (let takeovers = 0; takeovers < 3; ) {
    try {
      const fd = nodeFs.openSync(host, nodeFs.constants.O_WRONLY | nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL, 0o644);
      nodeFs.writeSync(fd, `${process.pid}\n`);
      nodeFs.closeSync(fd);
      return () => nodeFs.rmSync(host, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let text: string;
    try {
      text = nodeFs.readFileSync(host, "utf8");
    } catch (e) {
      // The holder released the lock between our attempt and this read: try again.
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw e;
    }
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      if (Date.now() >= deadline) {
        const waited = waitMs > 0 ? `; waited ${Math.round(waitMs / 1000)} s for it to finish` : "; wait for it to finish";
        throw new UserError(`Cannot activate: another system-manager (pid ${pid}) is activating this root${waited} (lock: ${LOCK_PATH})`);
      }
      Atomics.wait(pause, 0, 0, 100);
      continue;
    }
    nodeFs.rmSync(host, { force: true });
    takeovers++;
  }
  throw new UserError(`Cannot activate: could not take the lock ${LOCK_PATH}`);
}
