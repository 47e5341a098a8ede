/**
 * The link record: what a home activation left in each large directory of
 * targets (those lookTargets lists), so that the next activation need not
 * read those links again while the directory is unchanged. A one-file
 * change of a 10,000-file home then reads one record instead of making
 * 10,000 readlink calls.
 *
 * An entry says: "directory D, whose lstat gave this device, inode, mtime
 * and ctime, held these names, and these of its links pointed there". It
 * is written after the activation's last write into D, from one lstat and
 * one listing of D taken after it, and only once D's ctime is at least
 * RACY_MS in the past, when the lstat is taken (two seconds where the file
 * system keeps whole seconds, dir-stamp.ts's settleMs: such a directory
 * is left out rather than waited for): timestamps come from a
 * clock that advances a tick at a time (at most 10 ms: HZ=100), so any
 * later change to D's entries (a name added, removed or renamed over,
 * which is the only way to change a link: a symlink's target cannot be
 * rewritten in place) gives D a newer ctime, which no user can set back
 * (only a clock set backwards could repeat it, to the nanosecond). So while D's lstat still gives the
 * recorded stamp, its names and links are the recorded ones; a change
 * behind the engine's back (or a killed activation's writes) makes the
 * stamps differ, and D is read in full again.
 *
 * Link targets come from what the activation saw and wrote (they are not
 * read back): like the rest of activation, this assumes nobody else
 * changes the home's managed links while the activation runs. Even so,
 * a recorded answer never leads to a write on its own: before a target
 * answered from the record is linked, replaced or backed up, it is looked
 * at again (recordHolds, look-and-plan.ts), and the whole activation is planned from a
 * full look when it differs. A kill -9 at any point leaves either the old
 * record (whose entries for the directories the killed run changed no
 * longer match) or the new one, whole (written beside and renamed over);
 * a record that cannot be read or written is no record: everything is
 * looked at, as without one.
 */
import { lstatSync, readdirSync } from "node:fs";
import type { RootFs } from "../root-fs.ts";
import { SETTLE_MS, settleMs } from "../../store/dir-stamp.ts";
import type { Observed } from "../observe.ts";

/** Where the record is, in the home. */
export const LINK_RECORD = "/.local/state/system-manager/home-links.json";
const VERSION = 1;

/** A directory's ctime must be this far in the past when its entry is written (settleMs: two ticks of the coarsest timestamp clock; two seconds for a whole-second ctime). */
export const RACY_MS = SETTLE_MS;

/** What is at a name of a recorded directory: a link, nothing, or undefined for anything else (looked at when asked for). */
export type RecordedNames = (name: string) => Observed | undefined;

/**
 * A directory's entry as stored: a name's value is 0 (not a link we know),
 * n > 0 for the link `<gens[n-1]>/home-files/<dir>/<name>` (most of them),
 * or the link's target itself.
 */
interface DirEntry {
  readonly stamp: string;
  readonly names: Record<string, string | number>;
}

interface Stored {
  readonly version: typeof VERSION;
  readonly gens: readonly string[];
  readonly dirs: Record<string, DirEntry>;
}

/** The directories of a record, by path in the home ("" for the home itself), and the generations its links are in. */
export interface LinkRecord {
  readonly dirs: ReadonlyMap<string, DirEntry>;
  readonly gens: readonly string[];
}

const EMPTY: LinkRecord = { dirs: new Map(), gens: [] };
const HOME_FILES = "/home-files/";

/** What lstat says of a directory, as one string; undefined when it is not a directory or cannot be looked at. */
export function dirStamp(host: string): string | undefined {
  try {
    const st = lstatSync(host, { bigint: true });
    return st.isDirectory() ? `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}` : undefined;
  } catch {
    return undefined;
  }
}

const ctimeNs = (stamp: string) => BigInt(stamp.split(":")[3] as string);
const ctimeMs = (stamp: string) => Number(ctimeNs(stamp) / 1_000_000n);
/** Whether a stamp's ctime is old enough for its entry to be written (dir-stamp.ts's settleMs). */
const settled = (stamp: string) => ctimeMs(stamp) <= Date.now() - settleMs(ctimeNs(stamp));

/** The record in `home`, or an empty one when there is none or it cannot be read. */
export function readLinkRecord(home: RootFs): LinkRecord {
  try {
    const data = home.readFileIfExists(LINK_RECORD, { symlinkAsAbsent: true });
    if (data === undefined) return EMPTY;
    const r = JSON.parse(data.toString("utf8")) as Partial<Stored>;
    if (r.version !== VERSION || !Array.isArray(r.gens) || typeof r.dirs !== "object" || r.dirs === null) return EMPTY;
    const dirs = Object.entries(r.dirs).filter(([, e]) => typeof e?.stamp === "string" && typeof e.names === "object" && e.names !== null);
    return { dirs: new Map(dirs), gens: r.gens.filter((g): g is string => typeof g === "string") };
  } catch {
    return EMPTY;
  }
}

/** What the record says is at each name of `dir` (at `host`) when its stamp is still the recorded one. */
export function recordedNames(record: LinkRecord, dir: string, host: string): RecordedNames | undefined {
  const e = record.dirs.get(dir);
  if (e === undefined || dirStamp(host) !== e.stamp) return undefined;
  const under = dir === "" ? HOME_FILES : `${HOME_FILES}${dir}/`;
  return (name) => {
    const v = Object.hasOwn(e.names, name) ? e.names[name] : undefined;
    if (v === undefined) return { kind: "absent" };
    const g = typeof v === "number" && v > 0 ? record.gens[v - 1] : undefined;
    if (typeof v === "string") return { kind: "symlink", target: v };
    return g === undefined ? undefined : { kind: "symlink", target: `${g}${under}${name}` };
  };
}

/**
 * Writes the record of `dirs` (directory → host path), their links as
 * `linkOf` gives them (a name's target, or undefined when unknown), after
 * waiting for their ctimes to be RACY_MS old; `sleep` waits (tests pass
 * their own). A directory that changed while waiting is left out.
 */
export function writeLinkRecord(home: RootFs, dirs: ReadonlyMap<string, string>, linkOf: (dir: string, name: string) => string | undefined, sleep = sleepMs): void {
  const stamps = new Map([...dirs].map(([d, host]) => [d, dirStamp(host)]));
  // Only fractional ctimes are waited for: a whole-second one (settled after two seconds) is left out unless settled already.
  const newest = Math.max(0, ...[...stamps.values()].map((s) => (s === undefined || settleMs(ctimeNs(s)) !== RACY_MS ? 0 : ctimeMs(s))));
  const wait = newest + RACY_MS - Date.now();
  if (wait > 0) sleep(wait + 1);
  const out: Record<string, DirEntry> = {};
  const gens = new Map<string, number>();
  for (const [dir, host] of dirs) {
    const stamp = stamps.get(dir);
    if (stamp === undefined || dirStamp(host) !== stamp || !settled(stamp)) continue;
    let listing;
    try {
      listing = readdirSync(host, { withFileTypes: true });
    } catch {
      continue;
    }
    const tail = dir === "" ? HOME_FILES : `${HOME_FILES}${dir}/`;
    const names: Record<string, string | number> = {};
    for (const e of listing) {
      const to = e.isSymbolicLink() ? linkOf(dir, e.name) : undefined;
      const at = to === undefined ? -1 : to.length - tail.length - e.name.length;
      if (to === undefined) names[e.name] = 0;
      else if (at > 0 && to.endsWith(e.name) && to.startsWith(tail, at)) {
        const g = to.slice(0, at);
        names[e.name] = gens.get(g) ?? gens.set(g, gens.size + 1).get(g) ?? 0;
      } else names[e.name] = to;
    }
    out[dir] = { stamp, names };
  }
  const stored: Stored = { version: VERSION, gens: [...gens.keys()], dirs: out };
  home.mkdirs(LINK_RECORD.slice(0, LINK_RECORD.lastIndexOf("/")));
  home.writeFileAtomic(LINK_RECORD, JSON.stringify(stored), { mode: 0o644 });
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
