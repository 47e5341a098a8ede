/**
 * Whether a cache entry's closure is known to be in the store without
 * looking its names up: beside the entry (CacheFiles' note) is the store
 * directory's inode and mtime when its closure was last found whole. A
 * store path leaves the store (gc, a repair moving it aside) by an unlink
 * or a rename in that directory, which changes its mtime: while the
 * directory is as it was, every name found then is still there. The note
 * is written only when that stamp is settled (src/store/dir-stamp.ts).
 *
 *     if (!closureSeen(files, hash, storeDir)) { …look the names up…; noteClosureSeen(files, hash, storeDir); }
 */
import type { CacheFiles } from "./cache-file.ts";
import { dirStamp } from "../../store/dir-stamp.ts";

/** Whether the entry's closure was found whole in the store directory as it is now. */
export function closureSeen(files: CacheFiles, keyHash: string, storeDir: string): boolean {
  const state = dirStamp(storeDir);
  return state !== undefined && files.readNote(keyHash) === state.text;
}

/** Records that the entry's closure was just found whole (the caller looked its names up after reading the directory's state). */
export function noteClosureSeen(files: CacheFiles, keyHash: string, storeDir: string, before: string | undefined): void {
  const state = dirStamp(storeDir);
  if (state !== undefined && state.settled && state.text === before) files.writeNote(keyHash, state.text);
}

/** The store directory's state to pass to noteClosureSeen, read before its names are looked up. */
export function storeStateBefore(storeDir: string): string | undefined {
  return dirStamp(storeDir)?.text;
}
