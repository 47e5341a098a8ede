/**
 * Writing a flake's lock after locking, as Nix does: nothing when it did
 * not change; "warning: updating lock file 'PATH':" (or "creating lock
 * file") with Nix's diff lines, then the file (atomically); with
 * --no-write-lock-file or --override-input, "warning: not writing
 * modified lock file of flake …" instead. A flake whose inputs are all
 * built-in stand-ins gets no new lock file (there is nothing to pin).
 */
import { lockDiff } from "./lock-diff.ts";
import type { LockFile } from "./lock-file.ts";
import { lockText, writeLockFile } from "./write-lock.ts";

export interface LockWriteOptions {
  readonly writeLockFile: boolean;
  readonly warn: (message: string) => void;
}

/** Whether the lock changed (and so was written, or would have been). */
export function updateLockFile(path: string, old: LockFile | undefined, lock: LockFile, opts: LockWriteOptions): boolean {
  if (old === undefined && lock.root.inputs.size === 0) return false;
  if (old !== undefined && lockText(old) === lockText(lock)) return false;
  const diff = lockDiff(old, lock).replace(/\n$/, "");
  const body = diff === "" ? "" : `:\n${diff}`;
  if (!opts.writeLockFile) {
    opts.warn(`not writing modified lock file of flake '${path.replace(/\/flake\.lock$/, "")}'${body}`);
    return true;
  }
  opts.warn(`${old === undefined ? "creating" : "updating"} lock file '${path}'${body}`);
  writeLockFile(path, lock);
  return true;
}
