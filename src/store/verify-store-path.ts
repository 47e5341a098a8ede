/**
 * Whether a store path on disk still holds exactly the tree it was written
 * from, before the store writer reuses it: a file deleted, added, changed
 * or made writable there (by a crash, a stray `rm`, or someone else) must
 * not be linked into /etc again as if it were whole.
 *
 * Compared without following links: the set of paths, each one's kind
 * (file, link, directory; an empty directory, which a tree cannot hold,
 * is allowed), link targets, the executable bit, that nothing
 * is writable and that everything is owned by root or by us; file sizes
 * always, and file contents byte for byte for files up to 4 MiB. Larger
 * files (in practice only the Node runtime's node binary and its biggest
 * libraries, which engine-store-paths.ts caches and rarely rewrites) are
 * compared by size alone, so reusing a 100 MB runtime does not read it
 * again; a truncated or deleted one is still caught.
 */
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, constants, type Stats } from "node:fs";
import { join } from "node:path";
import type { FileTree, TreeEntry } from "./file-tree.ts";

/** Files up to this size are compared byte for byte. */
export const CONTENT_COMPARE_LIMIT = 4 * 1024 * 1024;

function me(): number {
  return typeof process.geteuid === "function" ? process.geteuid() : 0;
}

function trusted(st: Stats): boolean {
  return (st.mode & 0o222) === 0 && (st.uid === 0 || st.uid === me());
}

function sameFile(host: string, st: Stats, e: TreeEntry): boolean {
  if (e.kind !== "file" || !st.isFile() || !trusted(st)) return false;
  const size = e.content.length;
  if (st.size !== size || ((st.mode & 0o111) !== 0) !== e.executable) return false;
  if (size > CONTENT_COMPARE_LIMIT) return true;
  // Opened without following a link or blocking; one byte more is asked for, so a file that grew since the lstat does not compare equal.
  let fd: number;
  try {
    fd = openSync(host, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const buf = Buffer.allocUnsafe(size + 1);
    let n = 0;
    while (n < size) {
      const r = readSync(fd, buf, n, size + 1 - n, n);
      if (r === 0) break;
      n += r;
    }
    return n === size && buf.subarray(0, size).equals(e.content);
  } catch {
    // Replaced meanwhile by what is not a regular file (a directory: EISDIR).
    return false;
  } finally {
    closeSync(fd);
  }
}

function sameEntry(host: string, st: Stats, e: TreeEntry): boolean {
  if (e.kind === "symlink") return st.isSymbolicLink() && (st.uid === 0 || st.uid === me()) && readlinkSync(host) === e.target;
  return sameFile(host, st, e);
}

/** Whether `host` (a store path on disk) holds exactly `tree`. */
export function holdsTree(host: string, tree: FileTree): boolean {
  // A missing path is the common case of a build writing new paths: no exception is made for it.
  const top = lstatSync(host, { throwIfNoEntry: false });
  if (top === undefined) return false;
  const single = tree.get("");
  if (single !== undefined) return sameEntry(host, top, single);
  if (!top.isDirectory() || !trusted(top)) return false;
  let seen = 0;
  const walk = (dir: string, rel: string): boolean => {
    for (const name of readdirSync(dir)) {
      const r = rel === "" ? name : `${rel}/${name}`;
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        // Checked through what it holds: a directory the tree does not imply must be empty (a package's empty directory, which a tree cannot express).
        if (tree.has(r) || !trusted(st) || !walk(p, r)) return false;
        continue;
      }
      const e = tree.get(r);
      if (e === undefined || !sameEntry(p, st, e)) return false;
      seen++;
    }
    return true;
  };
  return walk(host, "") && seen === tree.size;
}
