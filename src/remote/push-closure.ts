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

/**
 * A closure copied earlier, held again right before its activation (a
 * fleet's host waits its turn, and its connection, with the copy's root,
 * may have ended meanwhile): registered as a temporary GC root of the
 * connection in use now, and checked to be whole in the target's store
 * (a path gone is an error: nothing is activated). Returns the root file.
 */
export async function holdClosure(s: RemoteSession, privilege: Privilege, localRoot: string, storePath: string): Promise<string | undefined> {
  return (await copyPaths(s, privilege, localRoot, [], closureOf(localRoot, storePath), "hold the copied closure")).gcRoot;
}
