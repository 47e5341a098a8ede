/**
 * The crash harness: a RootFs that dies at its N-th write as a kill -9
 * would (a file or link being written leaves its `.#name.<hex>` temporary
 * behind, a home being made its `.<name>.system-manager-new`, and nothing
 * is written after), and a tree cloner so each crash
 * starts from a copy of one prepared root (owners and modes kept, the
 * immutable store hard-linked) instead of building it again.
 */
import { chmodSync, lchownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, copyFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { dirTemporaryName, RootFs, type WriteOptions } from "../../src/activate/root-fs.ts";

export class Crash extends Error {}

/** A RootFs that skips directory fsyncs, which only matter for power loss, not for a killed process: keeps the suite fast. */
export class QuickFs extends RootFs {
  override syncDir(): void {}
}

export class CrashingFs extends QuickFs {
  writes = 0;
  readonly crashAt: number;
  constructor(root: string, crashAt: number) {
    super(root);
    this.crashAt = crashAt;
  }
  /** Counts a write; at the crash point (and ever after: the process is gone) it throws, after `partial` ran. */
  #step(partial?: () => void): void {
    const n = this.writes++;
    if (n < this.crashAt) return;
    if (n === this.crashAt && partial !== undefined) partial();
    throw new Crash(`killed at write ${this.crashAt}`);
  }
  #temporary(path: string): string {
    return join(dirname(this.hostPath(path)), `.#${posix.basename(path)}.${(this.writes * 7919).toString(16).padStart(12, "0").slice(-12)}`);
  }
  override mkdirs(path: string): string[] {
    this.#step();
    return super.mkdirs(path);
  }
  override writeFileAtomic(path: string, data: Buffer | string, opts: WriteOptions): void {
    this.#step(() => writeFileSync(this.#temporary(path), typeof data === "string" ? data.slice(0, data.length >> 1) : data.subarray(0, data.length >> 1), { mode: 0o600 }));
    super.writeFileAtomic(path, data, opts);
  }
  override symlinkAtomic(path: string, target: string, opts: { sync?: boolean } = {}): void {
    this.#step(() => symlinkSync(target, this.#temporary(path)));
    super.symlinkAtomic(path, target, opts);
  }
  override symlinkNew(path: string, target: string, opts: { sync?: boolean } = {}): void {
    this.#step();
    super.symlinkNew(path, target, opts);
  }
  override rename(from: string, to: string): void {
    this.#step();
    super.rename(from, to);
  }
  override link(from: string, to: string): void {
    this.#step();
    super.link(from, to);
  }
  override unlink(path: string): void {
    this.#step();
    super.unlink(path);
  }
  override rmdirIfEmpty(path: string): boolean {
    this.#step();
    return super.rmdirIfEmpty(path);
  }
  override mkdirOwned(path: string, mode: number, uid: number, gid: number): void {
    // Killed after its mkdir, before its rename: the temporary directory stays.
    this.#step(() => mkdirSync(join(dirname(this.hostPath(path)), dirTemporaryName(posix.basename(path))), { mode: 0o700 }));
    super.mkdirOwned(path, mode, uid, gid);
  }
}

const STORE = "var/lib/system-manager/store";

/** A copy of the tree at `src` in a new temporary directory: modes and owners kept, store files hard-linked. */
export function cloneTree(src: string): string {
  const dst = mkdtempSync(join(tmpdir(), "sm-crash-"));
  const copy = (rel: string) => {
    for (const name of readdirSync(join(src, rel))) {
      const r = rel === "" ? name : `${rel}/${name}`;
      const from = join(src, r);
      const to = join(dst, r);
      const st = lstatSync(from);
      if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
      else if (st.isDirectory()) {
        mkdirSync(to);
        copy(r);
      } else if (r.startsWith(STORE + "/")) {
        linkSync(from, to);
        continue;
      } else copyFileSync(from, to);
      lchownSync(to, st.uid, st.gid);
      if (!st.isSymbolicLink()) chmodSync(to, st.mode & 0o7777);
    }
  };
  chmodSync(dst, lstatSync(src).mode & 0o7777);
  copy("");
  return dst;
}
