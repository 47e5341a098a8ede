/**
 * A directory's stamp: its inode and mtime, which change whenever an entry
 * is made, renamed or removed in it. A stamp is settled, and worth
 * recording, only when its mtime is older than a change made now could
 * get: a change in the same clock tick as the reading would leave the
 * mtime as it was. File times come from a clock that advances a tick at a
 * time (at most 10 ms: HZ=100), so SETTLE_MS (two ticks) is enough where
 * they have a fraction of a second; a file system that keeps whole
 * seconds (ext3, ext4 with small inodes), which shows as an mtime with no
 * fraction, needs two seconds. Used to skip listing the store while it is
 * as it was (dead-temporaries.ts, src/build/eval-cache/closure-seen.ts).
 */
import { statSync } from "node:fs";

/** How old a fractional file time must be to be settled: two ticks of the coarsest timestamp clock (the home's link record waits as long: src/activate/home/link-record.ts). */
export const SETTLE_MS = 20;

export interface DirStamp {
  readonly text: string;
  readonly settled: boolean;
}

/** The stamp of the directory `dir`; undefined when there is none (nothing there, something else, or a path through a file: whoever writes there says why it cannot). */
export function dirStamp(dir: string): DirStamp | undefined {
  let st;
  try {
    st = statSync(dir, { bigint: true, throwIfNoEntry: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR" || code === "ELOOP") return undefined;
    throw e;
  }
  if (st === undefined || !st.isDirectory()) return undefined;
  return { text: `${st.ino}:${st.mtimeNs}\n`, settled: Date.now() - Number(st.mtimeNs / 1_000_000n) > settleMs(st.mtimeNs) };
}

/** How old a file time (ns) must be to be settled: SETTLE_MS, or two seconds for a whole second (a file system that keeps no fraction). */
export function settleMs(timeNs: bigint): number {
  return timeNs % 1_000_000_000n === 0n ? 2000 : SETTLE_MS;
}
