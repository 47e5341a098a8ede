/**
 * Faults on scratch filesystems for the fault suite: a small tmpfs mounted
 * on a temporary directory and filled to a few KiB free, remounted
 * read-only, or a file made immutable. Root only (mount, chattr); each
 * helper is undone by `cleanup()`, which the tests call in `after`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRoot } from "../helpers/tree.ts";

/** For `test(…, { skip })`: why a root-only fault test is skipped. */
export const needsRoot = isRoot ? false : "needs root (mounts a tmpfs, chattr)";

const mounts: string[] = [];
const immutable: string[] = [];

function run(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.error?.message}`);
}

/** Mounts a tmpfs of `sizeKiB` on `dir` (or a new temporary directory); returns the directory. */
export function tmpfs(sizeKiB: number, dir = mkdtempSync(join(tmpdir(), "sm-fault-"))): string {
  run("mount", ["-t", "tmpfs", "-o", `size=${sizeKiB}k,mode=0755`, "tmpfs", dir]);
  mounts.push(dir);
  return dir;
}

/** Fills the filesystem of `dir` until at most `leaveKiB` KiB are free. */
export function fill(dir: string, leaveKiB: number): void {
  const st = statfsSync(dir);
  const free = Number(st.bavail) * Number(st.bsize);
  const size = Math.max(0, free - leaveKiB * 1024);
  if (size > 0) writeFileSync(join(dir, ".fill"), Buffer.alloc(size));
  // A tmpfs may round; fill what is left in small pieces.
  for (let i = 0; Number(statfsSync(dir).bavail) * Number(statfsSync(dir).bsize) > leaveKiB * 1024; i++) {
    try {
      writeFileSync(join(dir, `.fill${i}`), Buffer.alloc(4096));
    } catch {
      break;
    }
  }
}

export function readOnly(dir: string, ro = true): void {
  run("mount", ["-o", `remount,${ro ? "ro" : "rw"}`, dir]);
}

/** Makes `path` immutable (chattr +i); false when the filesystem does not support it. */
export function makeImmutable(path: string): boolean {
  const r = spawnSync("chattr", ["+i", path], { encoding: "utf8" });
  if (r.status !== 0) return false;
  immutable.push(path);
  return true;
}

export function clearImmutable(path: string): void {
  spawnSync("chattr", ["-i", path]);
  const i = immutable.indexOf(path);
  if (i >= 0) immutable.splice(i, 1);
}

function unmount(dir: string): void {
  spawnSync("umount", ["-l", dir]);
  const i = mounts.indexOf(dir);
  if (i >= 0) mounts.splice(i, 1);
}

/** Undoes every fault still in place (for `after`). */
export function cleanup(): void {
  for (const p of [...immutable]) clearImmutable(p);
  for (const d of [...mounts].reverse()) unmount(d);
}
