/**
 * What a killed writer leaves in the store: its `.tmp-*` temporaries (a
 * path half written, a damaged path moved aside) and its temporary GC
 * roots. A build removes those whose writer is known to be gone
 * (tmp-lock.ts judges by pid and start time, never by the clock; a zombie,
 * killed and not yet reaped, is gone) once it has written the store, so
 * running a killed build again leaves nothing of the dead one behind. A
 * temporary whose writer is unknown, or alive, is left alone (gc removes
 * the unknown once old).
 *
 * A build the evaluation cache answered wrote nothing, and listing a large
 * store costs (10,000 entries for a large home): removeDeadTemporariesSince
 * lists it only when it changed since a listing that found no temporary.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { TMP_PREFIX } from "./store-path.ts";
import { dirStamp } from "./dir-stamp.ts";
import { tmpWriterAlive } from "./tmp-lock.ts";
import { readTempRoots } from "./temp-roots.ts";
import { trustedStoreDir } from "./write-store-path.ts";
import { removeTree } from "../packages/staged-path.ts";

/**
 * Removes the temporaries of dead writers from the store under `root`
 * (trusted, and written by this build), and the temporary GC root files of
 * dead processes (temp-roots.ts); returns the temporaries' names.
 */
export function removeDeadTemporaries(root: string): string[] {
  return sweep(root, trustedStoreDir(root)).dead;
}

/**
 * removeDeadTemporaries, unless the store's directory is as it was when a
 * listing found no temporary in it: `stampFile` records its inode and
 * mtime then (written only when that mtime is settled, dir-stamp.ts: an entry
 * made in the same clock tick as the listing would leave it as it was). A
 * directory's mtime changes whenever an entry is made, renamed or removed
 * in it, so no temporary has appeared since. A stamp file or directory
 * that is not this user's (or root's), or that others may write, is not
 * read. The dead's temporary GC root files are removed either way.
 */
export function removeDeadTemporariesSince(root: string, stampFile: string): string[] {
  const storeDir = trustedStoreDir(root);
  const stamp = dirStamp(storeDir);
  if (stamp !== undefined && readStamp(stampFile) === stamp.text) {
    removeStaleRoots(root);
    return [];
  }
  const { dead, found } = sweep(root, storeDir);
  if (found === 0 && stamp?.settled === true) writeStamp(stampFile, stamp.text);
  return dead;
}

function trusted(path: string): boolean {
  const st = statSync(path);
  return (st.uid === process.geteuid?.() || st.uid === 0) && (st.mode & 0o022) === 0;
}

function readStamp(file: string): string | undefined {
  try {
    return trusted(dirname(file)) && trusted(file) ? readFileSync(file, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the stamp through a temporary name and a rename; where it cannot be written (no cache directory yet, not ours) the store is listed next time. */
function writeStamp(file: string, stamp: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    if (!trusted(dirname(file))) return;
    writeFileSync(tmp, stamp, { mode: 0o644 });
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** Removes the dead writers' temporaries and the stale root files; the dead's names, and how many temporaries there were. */
function sweep(root: string, storeDir: string): { dead: string[]; found: number } {
  const temporaries = readdirSync(storeDir).filter((n) => n.startsWith(TMP_PREFIX));
  const dead = temporaries.filter((n) => tmpWriterAlive(n) === false).sort();
  for (const n of dead) {
    try {
      removeTree(join(storeDir, n));
    } catch (e) {
      // A gc removing it at the same time.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  removeStaleRoots(root);
  return { dead, found: temporaries.length };
}

function removeStaleRoots(root: string): void {
  for (const f of readTempRoots(root, Date.now()).stale) rmSync(f, { force: true });
}
