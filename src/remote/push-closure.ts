/**
 * Puts a generation's closure in the target's store: its store paths
 * (closure.ts), those the target lacks (one round trip, missing-paths.ts),
 * those copied (one ssh session, copy-paths.ts), and a line saying how
 * much went: "copied N paths (X MiB), M already there". The copy's
 * session registers the whole closure as a temporary GC root there
 * (remote-gc-root.ts), returned as `gcRoot`, which the caller releases
 * after the activation. Returns how the target runs what writes (its
 * privilege), for the engine run that follows.
 */
import { closureOf } from "./closure.ts";
import { copyPaths, type Copied } from "./copy-paths.ts";
import { missingPaths } from "./missing-paths.ts";
import type { Privilege, RemoteSession } from "./remote-session.ts";
import { targetName } from "./target.ts";

export interface Pushed extends Copied {
  readonly present: number;
  readonly privilege: Privilege;
}

/** A size as people read it: bytes, KiB or MiB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export async function pushClosure(s: RemoteSession, localRoot: string, storePath: string, say: (line: string) => void): Promise<Pushed> {
  const closure = closureOf(localRoot, storePath);
  const { missing, privilege } = await missingPaths(s, closure);
  const copied = await copyPaths(s, privilege, localRoot, missing, closure);
  say(`${targetName(s.target)}: copied ${copied.paths} path${copied.paths === 1 ? "" : "s"} (${sizeText(copied.bytes)}), ${closure.length - missing.length} already there\n`);
  return { ...copied, present: closure.length - missing.length, privilege };
}
