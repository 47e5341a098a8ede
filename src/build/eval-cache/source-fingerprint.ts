/**
 * A cheap fingerprint of a source tree the evaluation may have seen as a
 * whole (a flake's own directory, whose `self` carries narHash,
 * lastModified and git revisions; a local `path:` input): every entry's
 * relative path, type, size, mode, mtime, ctime and inode (a
 * directory's mode only; link targets too),
 * without reading contents, and, when the tree is in a git work tree,
 * HEAD, the ref it names and the index's stat. A tree larger than
 * MAX_ENTRIES is "too-large" and never matches (its evaluation is not
 * cached), so the walk stays bounded. The locks at its top (flake.lock,
 * system-manager.lock) are left out: the build may write them, and the
 * cache records their contents after it.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, type BigIntStats } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const MAX_ENTRIES = 20_000;
export const TOO_LARGE = "too-large";
const LOCKS = new Set(["/flake.lock", "/system-manager.lock"]);

const statLine = (st: BigIntStats): string => `${st.mode}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;

function gitDir(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return join(d, ".git");
    if (dirname(d) === d) return undefined;
  }
}

function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "-";
  }
}

function statOr(path: string): string {
  try {
    return statLine(lstatSync(path, { bigint: true }));
  } catch {
    return "-";
  }
}

/** HEAD, what it points to and the index: what git's view of the tree (rev, dirtiness, tracked files) depends on. */
function gitState(dir: string): string {
  const git = gitDir(dir);
  if (git === undefined) return "no-git";
  // A worktree's or submodule's .git is a file naming the real directory.
  const real = lstatSync(git).isFile() ? resolve(dirname(git), readOr(git).replace(/^gitdir:\s*/, "").trim()) : git;
  const head = readOr(join(real, "HEAD"));
  const ref = /^ref:\s*(\S+)/.exec(head)?.[1];
  return [git, head, ref === undefined ? "" : readOr(join(real, ref)), readOr(join(real, "packed-refs")), statOr(join(real, "index"))].join("\0");
}

/** The fingerprint of the tree at `dir` ("missing" when absent). */
export function sourceFingerprint(dir: string): string {
  const h = createHash("sha256");
  let count = 0;
  const visit = (abs: string, rel: string): boolean => {
    let st;
    try {
      st = lstatSync(abs, { bigint: true });
    } catch {
      h.update(`${rel}\0missing\0`);
      return true;
    }
    if (++count > MAX_ENTRIES) return false;
    // A directory's own times change with its entries (a lock written beside), which are listed anyway.
    h.update(st.isDirectory() ? `${rel}\0dir:${st.mode}\0` : `${rel}\0${statLine(st)}\0`);
    if (st.isSymbolicLink()) h.update(`${readlinkSync(abs)}\0`);
    if (!st.isDirectory()) return true;
    for (const name of readdirSync(abs).sort()) if (name !== ".git" && !LOCKS.has(`${rel}/${name}`) && !visit(join(abs, name), `${rel}/${name}`)) return false;
    return true;
  };
  if (!existsSync(dir)) return "missing";
  // A tree named through a link (a flake directory that is one) is walked where it is.
  const real = realpathSync(dir);
  h.update(`${real}\0`);
  if (!visit(real, "")) return TOO_LARGE;
  h.update(gitState(dir));
  return `stat:${h.digest("hex")}`;
}
