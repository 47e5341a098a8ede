/**
 * Looking at a home's targets a directory at a time: what `entry` of each
 * would say, with fewer system calls. A directory holding several targets
 * is looked at once: when it is absent, so is everything below it (no call
 * per target: a first activation's 10,000 files under a new directory);
 * when it is a real directory holding many targets, one listing tells
 * which are there and which are links, and only links are read (one
 * readlink each, not lstat and readlink). Anything else (a file, a
 * directory, a name the listing cannot type, a link gone meanwhile, a
 * directory that is a link or not a directory) is looked at by `entry`, as
 * before, so every answer is the one `entry` gives. Nothing here writes.
 * With a link record (link-record.ts), a listed directory whose stamp is
 * still the recorded one is answered from the record, without listing it
 * or reading its links; `seen` collects which directories were listed or
 * so answered, and which targets were answered from the record.
 */
import { readdirSync, readlinkSync, type Dirent } from "node:fs";
import type { RootFs } from "../root-fs.ts";
import type { Observed } from "../observe.ts";
import { recordedNames, type LinkRecord } from "./link-record.ts";

/** What lookTargets used: the directories it listed or answered from the record (path → host path), and the targets answered from the record. */
export interface Looked {
  readonly dirs: Map<string, string>;
  readonly fromRecord: Set<string>;
}

/** Targets in one directory from which it is listed rather than each looked at. */
export const LIST_FROM = 16;

/** What is at each of `targets` (relative to the home), or undefined where `entry` throws. */
export function lookTargets(home: RootFs, targets: readonly string[], listFrom = LIST_FROM, record?: LinkRecord, seen?: Looked): Map<string, Observed | undefined> {
  const out = new Map<string, Observed | undefined>();
  const byDir = new Map<string, string[]>();
  for (const t of targets) {
    const slash = t.lastIndexOf("/");
    const dir = slash < 0 ? "" : t.slice(0, slash);
    const inDir = byDir.get(dir);
    if (inDir === undefined) byDir.set(dir, [t]);
    else inDir.push(t);
  }
  for (const [dir, inDir] of byDir) {
    const d = dir === "" || inDir.length < 2 ? undefined : tryEntry(home, dir);
    if (d?.kind === "absent") {
      for (const t of inDir) out.set(t, { kind: "absent" });
      // Made by the activation: its links are recorded when it is done (link-record.ts).
      if (inDir.length >= listFrom) seen?.dirs.set(dir, home.hostPath(`/${dir}`));
    }
    else if ((dir === "" || d?.kind === "dir") && inDir.length >= listFrom) lookListed(home, dir, inDir, out, record, seen);
    else for (const t of inDir) out.set(t, tryEntry(home, t));
  }
  return out;
}

/** Targets of the real directory `dir`, from the record while it holds, else from its listing. */
function lookListed(home: RootFs, dir: string, inDir: readonly string[], out: Map<string, Observed | undefined>, record: LinkRecord | undefined, seen: Looked | undefined): void {
  let listed: Map<string, Dirent>;
  let host: string;
  try {
    host = dir === "" ? home.hostPath("/").replace(/\/+$/, "") : home.hostPath(`/${dir}`);
    const names = record === undefined ? undefined : recordedNames(record, dir, host);
    if (names !== undefined) {
      seen?.dirs.set(dir, host);
      for (const t of inDir) {
        const o = names(nameOf(t));
        if (o === undefined) out.set(t, tryEntry(home, t));
        else {
          out.set(t, o);
          seen?.fromRecord.add(t);
        }
      }
      return;
    }
    listed = new Map(readdirSync(host, { withFileTypes: true }).map((e) => [e.name, e]));
  } catch {
    for (const t of inDir) out.set(t, tryEntry(home, t));
    return;
  }
  seen?.dirs.set(dir, host);
  for (const t of inDir) {
    const name = nameOf(t);
    const e = listed.get(name);
    if (e === undefined) out.set(t, { kind: "absent" });
    else if (e.isSymbolicLink()) out.set(t, readLink(`${host}/${name}`) ?? tryEntry(home, t));
    else out.set(t, tryEntry(home, t));
  }
}

const nameOf = (t: string) => t.slice(t.lastIndexOf("/") + 1);

function readLink(host: string): Observed | undefined {
  try {
    return { kind: "symlink", target: readlinkSync(host) };
  } catch {
    return undefined;
  }
}

/** What is at a target, or undefined when it cannot be looked at. */
export function tryEntry(fs: RootFs, target: string): Observed | undefined {
  try {
    return fs.entry("/" + target);
  } catch {
    return undefined;
  }
}
