/**
 * A directory's stamp: its inode and mtime, which change whenever an entry
 * is made, renamed or removed in it. A stamp is settled, and worth
 * recording, only when the mtime is over a second old: a change in the
 * same clock tick as the reading would leave the mtime as it was. Used to
 * skip listing the store while it is as it was (dead-temporaries.ts,
 * src/build/eval-cache/closure-seen.ts).
 */
import { statSync } from "node:fs";

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
  return { text: `${st.ino}:${st.mtimeNs}\n`, settled: Date.now() - Number(st.mtimeNs / 1_000_000n) > 1000 };
}
