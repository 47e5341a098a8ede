/**
 * A `path:` input's narHash and lastModified, without reading its files
 * again when nothing changed since the last time (as git's index does).
 * A record keeps, for the tree's hash, what a walk saw of every entry:
 * its relative name and its stat line (mode, size, device, inode, mtime
 * and ctime, as Node's milliseconds with their fraction). The record
 * answers when every entry it names has that stat line still: content
 * cannot change without changing mtime and ctime (ctime cannot be set
 * back), and a directory's entries cannot come or go without changing
 * its own, so the names are the tree's whole listing and no directory is
 * read again. An entry whose mtime or ctime falls in or after the second
 * the recording walk began may have changed again within that second,
 * unseen by a coarse clock (git's "racily clean" entry): a record with
 * such an entry is not trusted, and the tree is walked, hashed and
 * recorded anew. So any change made after a record's walk began (its
 * ctime is later) leaves that record untrusted, whatever the precision of
 * the timestamps compared. The record is one file per tree under the
 * fetch cache (CACHE/path-hashes/<sha256 of the path>.json), written by
 * temporary file and rename; a missing, damaged or unwritable record only
 * costs a hash.
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { hashStaged } from "./source-store.ts";

export interface PathTreeHash {
  readonly sri: string;
  readonly digest: Buffer;
  /** The newest mtime in the tree, in whole seconds (Nix 2.8's lastModified of a path). */
  readonly lastModified: number;
}

/** Every entry of a tree, the top first: its name below the top ("" or "/a/b") and its stat line. */
type Entries = [rel: string, stat: string][];

interface PathHashRecord {
  readonly version: 2;
  readonly path: string;
  /** The second the recording walk began (seconds since the epoch, rounded down). */
  readonly since: number;
  readonly sri: string;
  readonly entries: Entries;
}

const statLine = (st: Stats): string => `${st.mode}:${st.size}:${st.dev}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;

function walk(top: string): { entries: Entries; lastModified: number } {
  const entries: Entries = [];
  let lastModified = -Infinity;
  const visit = (rel: string): void => {
    const path = top + rel;
    const st = lstatSync(path);
    entries.push([rel, statLine(st)]);
    lastModified = Math.max(lastModified, Math.floor(st.mtimeMs / 1000));
    if (st.isDirectory()) for (const n of readdirSync(path).sort()) visit(`${rel}/${n}`);
  };
  visit("");
  return { entries, lastModified };
}

/** The tree's lastModified when every entry of `r` has its recorded stat line and none changed in or after the second `r`'s walk began; undefined otherwise. */
function unchangedSince(top: string, r: PathHashRecord): number | undefined {
  let lastModified = -Infinity;
  for (const [rel, line] of r.entries) {
    const st = lstatSync(top + rel, { throwIfNoEntry: false });
    if (st === undefined || statLine(st) !== line) return undefined;
    const m = Math.floor(st.mtimeMs / 1000);
    if (m >= r.since || Math.floor(st.ctimeMs / 1000) >= r.since) return undefined;
    lastModified = Math.max(lastModified, m);
  }
  return lastModified;
}

function recordFile(cacheDir: string, path: string): string {
  return join(cacheDir, "path-hashes", `${createHash("sha256").update(path).digest("hex")}.json`);
}

const isEntry = (e: unknown): boolean => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && typeof e[1] === "string";

function readRecord(file: string, path: string): PathHashRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, "utf8")) as PathHashRecord;
    const ok =
      r.version === 2 &&
      r.path === path &&
      typeof r.since === "number" &&
      typeof r.sri === "string" &&
      /^sha256-[A-Za-z0-9+/]{43}=$/.test(r.sri) &&
      Array.isArray(r.entries) &&
      r.entries[0]?.[0] === "" &&
      r.entries.every(isEntry);
    return ok ? r : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(file: string, record: PathHashRecord): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, file);
  } catch {
    // A record that cannot be written only costs the next run a hash.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Its directory is not there to hold it.
    }
  }
}

/**
 * The narHash of the tree at `path` (absolute) and its lastModified; the
 * tree is listed and its files read only when the record under `cacheDir`
 * does not answer. `now` is the clock in milliseconds (tests set it).
 */
export function pathTreeHash(path: string, cacheDir: string, now: () => number = Date.now): PathTreeHash {
  const file = recordFile(cacheDir, path);
  const r = readRecord(file, path);
  const known = r === undefined ? undefined : unchangedSince(path, r);
  if (r !== undefined && known !== undefined) {
    return { sri: r.sri, digest: Buffer.from(r.sri.slice("sha256-".length), "base64"), lastModified: known };
  }
  const since = Math.floor(now() / 1000);
  const seen = walk(path);
  const { sri, digest } = hashStaged(path);
  writeRecord(file, { version: 2, path, since, sri, entries: seen.entries });
  return { sri, digest, lastModified: seen.lastModified };
}
