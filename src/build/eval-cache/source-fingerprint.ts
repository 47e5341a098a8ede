/**
 * A cheap fingerprint of a source tree the evaluation may have seen as a
 * whole (a flake's own directory, whose `self` carries narHash,
 * lastModified and git revisions, which source-content.ts looks at again
 * when this changes; a local `path:` input): every entry's
 * relative path, type, size, mode, mtime, ctime and inode (a
 * directory's mode only; link targets too),
 * without reading contents, and, when the tree is in a git work tree,
 * HEAD, the ref it names and the index's stat. A tree larger than
 * MAX_ENTRIES is "too-large" and never matches (its evaluation is not
 * cached), so the walk stays bounded. The locks at its top (flake.lock,
 * system-manager.lock) are left out: the build may write them, and the
 * cache records their contents after it.
 */
import { execFileSync } from "node:child_process";
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

/**
 * HEAD, what it points to and the index: what git's view of the tree (rev,
 * dirtiness, tracked files) depends on. The index is taken by its stat, or
 * (`indexEntries`) by what it lists, without the stat data `git status`
 * refreshes: each entry's mode, blob and path under `dir`.
 */
export function gitState(dir: string, indexEntries = false): string {
  const git = gitDir(dir);
  if (git === undefined) return "no-git";
  // A worktree's or submodule's .git is a file naming the real directory.
  const real = lstatSync(git).isFile() ? resolve(dirname(git), readOr(git).replace(/^gitdir:\s*/, "").trim()) : git;
  const head = readOr(join(real, "HEAD"));
  const ref = /^ref:\s*(\S+)/.exec(head)?.[1];
  const index = indexEntries ? lsFiles(dir) : statOr(join(real, "index"));
  return [git, head, ref === undefined ? "" : readOr(join(real, ref)), readOr(join(real, "packed-refs")), index].join("\0");
}

function lsFiles(dir: string): string {
  try {
    return execFileSync("git", ["-C", dir, "ls-files", "--stage", "-z"], { encoding: "latin1", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 28 });
  } catch (e) {
    return `git ls-files failed: ${(e as NodeJS.ErrnoException).code ?? (e as { status?: number }).status}`;
  }
}

/**
 * Walks the tree at `dir` (its real path: a flake directory named through
 * a link is walked where it is), .git and the locks at its top left out,
 * entries in sorted order, telling `entry` each one with its lstat: false
 * when the tree has more than MAX_ENTRIES entries or `entry` says stop.
 */
export function walkSource(dir: string, entry: (abs: string, rel: string, st: BigIntStats | undefined) => boolean): boolean {
  let count = 0;
  const visit = (abs: string, rel: string): boolean => {
    let st;
    try {
      st = lstatSync(abs, { bigint: true });
    } catch {
      return entry(abs, rel, undefined);
    }
    if (++count > MAX_ENTRIES || !entry(abs, rel, st)) return false;
    if (!st.isDirectory()) return true;
    for (const name of readdirSync(abs).sort()) if (name !== ".git" && !LOCKS.has(`${rel}/${name}`) && !visit(join(abs, name), `${rel}/${name}`)) return false;
    return true;
  };
  return visit(realpathSync(dir), "");
}

/** The fingerprint of the tree at `dir` ("missing" when absent). */
export function sourceFingerprint(dir: string): string {
  if (!existsSync(dir)) return "missing";
  const h = createHash("sha256");
  h.update(`${realpathSync(dir)}\0`);
  const whole = walkSource(dir, (abs, rel, st) => {
    if (st === undefined) h.update(`${rel}\0missing\0`);
    // A directory's own times change with its entries (a lock written beside), which are listed anyway.
    else h.update(st.isDirectory() ? `${rel}\0dir:${st.mode}\0` : `${rel}\0${statLine(st)}\0`);
    if (st?.isSymbolicLink() === true) h.update(`${readlinkSync(abs)}\0`);
    return true;
  });
  if (!whole) return TOO_LARGE;
  h.update(gitState(dir));
  return `stat:${h.digest("hex")}`;
}
