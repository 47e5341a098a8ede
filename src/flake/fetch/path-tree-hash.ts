/**
 * A `path:` input's narHash and lastModified, without reading its files
 * again when nothing changed since the last time (as git's index does):
 * one walk lstats every entry of the tree, and the digest of what it saw
 * (each entry's relative name, mode, size, device, inode, mtime and ctime,
 * as Node's milliseconds with their fraction) is the key of the hash
 * recorded last time. Content cannot change without changing mtime and
 * ctime (ctime cannot be set back), and a name cannot come or go without
 * the listing changing. A file whose mtime or ctime falls in or after the
 * second the recording walk began may have changed again within that
 * second, unseen by a coarse clock (git's "racily clean" entry): a record
 * with such an entry is not trusted, and the tree is hashed again (and
 * recorded anew). So any change made after a record's walk began (its
 * ctime is later) leaves that record untrusted, whatever the precision of
 * the timestamps compared. The
 * record is one file per tree under the fetch cache
 * (CACHE/path-hashes/<sha256 of the path>.json), written by temporary
 * file and rename; a missing, damaged or unwritable record only costs a
 * hash.
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashStaged } from "./source-store.ts";

export interface PathTreeHash {
  readonly sri: string;
  readonly digest: Buffer;
  /** The newest mtime in the tree, in whole seconds (Nix 2.8's lastModified of a path). */
  readonly lastModified: number;
}

interface Walk {
  /** The digest of every entry's stat line. */
  readonly stats: string;
  readonly lastModified: number;
  /** The newest mtime or ctime in the tree, in whole seconds. */
  readonly newestChange: number;
}

interface PathHashRecord {
  readonly version: 1;
  readonly path: string;
  readonly stats: string;
  /** The second the recording walk began (seconds since the epoch, rounded down). */
  readonly since: number;
  readonly sri: string;
}

function walk(top: string): Walk {
  const h = createHash("sha256");
  let lastModified = -Infinity;
  let newestChange = -Infinity;
  const visit = (path: string, rel: string): void => {
    const st = lstatSync(path);
    h.update(`${rel}\0${st.mode}\0${st.size}\0${st.dev}\0${st.ino}\0${st.mtimeMs}\0${st.ctimeMs}\n`);
    const m = Math.floor(st.mtimeMs / 1000);
    lastModified = Math.max(lastModified, m);
    newestChange = Math.max(newestChange, m, Math.floor(st.ctimeMs / 1000));
    if (st.isDirectory()) for (const n of readdirSync(path).sort()) visit(join(path, n), `${rel}/${n}`);
  };
  visit(top, "");
  return { stats: h.digest("hex"), lastModified, newestChange };
}

function recordFile(cacheDir: string, path: string): string {
  return join(cacheDir, "path-hashes", `${createHash("sha256").update(path).digest("hex")}.json`);
}

function readRecord(file: string, path: string): PathHashRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, "utf8")) as PathHashRecord;
    const ok = r.version === 1 && r.path === path && typeof r.stats === "string" && typeof r.since === "number" && typeof r.sri === "string" && /^sha256-[A-Za-z0-9+/]{43}=$/.test(r.sri);
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
 * files are read only when the record under `cacheDir` does not answer.
 * `now` is the clock in milliseconds (tests set it).
 */
export function pathTreeHash(path: string, cacheDir: string, now: () => number = Date.now): PathTreeHash {
  const since = Math.floor(now() / 1000);
  const seen = walk(path);
  const file = recordFile(cacheDir, path);
  const r = readRecord(file, path);
  if (r !== undefined && r.stats === seen.stats && seen.newestChange < r.since) {
    return { sri: r.sri, digest: Buffer.from(r.sri.slice("sha256-".length), "base64"), lastModified: seen.lastModified };
  }
  const { sri, digest } = hashStaged(path);
  writeRecord(file, { version: 1, path, stats: seen.stats, since, sri });
  return { sri, digest, lastModified: seen.lastModified };
}
