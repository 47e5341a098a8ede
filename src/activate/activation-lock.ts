/**
 * One activation at a time per root: a lock file holding the holder's pid,
 * linked into place whole. A lock whose holder is gone is taken over (by
 * one process only, however many try at once); a live
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

/**
 * Takes the lock or says who holds it. The lock file appears whole: its pid
 * is written to a private file first, then linked into place (a link fails
 * if the lock exists), so an empty lock file is never seen.
 */
function tryLock(host: string): boolean {
  const mine = `${host}.${process.pid}`;
  nodeFs.writeFileSync(mine, `${process.pid}\n`, { mode: 0o644 });
  try {
    nodeFs.linkSync(mine, host);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  } finally {
    nodeFs.rmSync(mine, { force: true });
  }
}

/**
 * Replaces the stale lock file `ino` (its holder `pid` is dead) with ours.
 * Takers of one stale file are serialised by a takeover file named after
 * its inode, created exclusively; the winner checks, under it, that the
 * lock is still that file with that dead holder, then renames its own
 * whole lock over it. A takeover file whose taker died is removed.
 */
function takeOver(host: string, ino: number): boolean {
  const token = `${host}.takeover.${ino}`;
  try {
    nodeFs.writeFileSync(token, `${process.pid}\n`, { flag: "wx", mode: 0o644 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const taker = Number(readOr(token, ""));
    if (!(Number.isInteger(taker) && taker > 0 && alive(taker))) nodeFs.rmSync(token, { force: true });
    return false;
  }
  try {
    const current = readLock(host);
    if (current === undefined || current.ino !== ino || (Number.isInteger(current.pid) && current.pid > 0 && alive(current.pid))) return false;
    const mine = `${host}.${process.pid}`;
    nodeFs.writeFileSync(mine, `${process.pid}\n`, { mode: 0o644 });
    nodeFs.renameSync(mine, host);
    return true;
  } finally {
    nodeFs.rmSync(token, { force: true });
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return nodeFs.readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

/** The lock file's identity and holder, read from one open file (a lock's content never changes once in place); undefined when there is none. */
function readLock(host: string): { readonly ino: number; readonly pid: number } | undefined {
  let fd: number;
  try {
    fd = nodeFs.openSync(host, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    return { ino: nodeFs.fstatSync(fd).ino, pid: Number(nodeFs.readFileSync(fd, "utf8").trim()) };
  } finally {
    nodeFs.closeSync(fd);
  }
}

export function acquireActivationLock(fs: RootFs, opts: { readonly waitMs?: number } = {}): () => void {
  fs.mkdirs(LOCK_DIR);
  const host = fs.hostPath(LOCK_PATH);
  const waitMs = opts.waitMs ?? WAIT_MS;
  const deadline = Date.now() + waitMs;
  const release = () => {
    // Released only while it is still ours.
    if (readLock(host)?.pid === process.pid) nodeFs.rmSync(host, { force: true });
  };
  for (let attempts = 0; attempts < 1000; attempts++) {
    if (tryLock(host)) return swept(host, release);
    const held = readLock(host);
    // The holder released the lock between our attempt and this read: try again.
    if (held === undefined) continue;
    const { pid } = held;
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      if (Date.now() >= deadline) {
        const waited = waitMs > 0 ? `; waited ${Math.round(waitMs / 1000)} s for it to finish` : "; wait for it to finish";
        throw new UserError(`Cannot activate: another system-manager (pid ${pid}) is activating this root${waited} (lock: ${LOCK_PATH})`);
      }
      Atomics.wait(pause, 0, 0, 100);
      continue;
    }
    if (takeOver(host, held.ino)) return swept(host, release);
    Atomics.wait(pause, 0, 0, 5);
  }
  throw new UserError(`Cannot activate: could not take the lock ${LOCK_PATH}`);
}

/** Once the lock is ours: the private lock files of takers killed before they cleaned up are removed. */
function swept(host: string, release: () => void): () => void {
  const dir = host.slice(0, host.lastIndexOf("/"));
  const base = host.slice(host.lastIndexOf("/") + 1);
  for (const name of nodeFs.readdirSync(dir)) {
    const m = new RegExp(`^${base.replace(/\./g, "\\.")}\\.(\\d+)$`).exec(name);
    if (m !== null && !alive(Number(m[1]))) nodeFs.rmSync(`${dir}/${name}`, { force: true });
  }
  return release;
}
