/**
 * Resolving a path through the symlinks a home's owner may rely on: a
 * home under a directory the administrator linked elsewhere (/home ->
 * /data/home), or a ~/.local the user keeps on another disk. A link is
 * followed only when root or the home's owner made it, and a directory is
 * walked through only when root or the owner owns it and no one else may
 * write it (unless it is sticky, as /tmp, where no one else may rename
 * what is ours): then no other user can change where the path leads, and
 * whatever it leads to, the owner could reach anyway. A link or directory
 * of anyone else ends the walk (undefined), and the caller goes on as
 * without it: RootFs refuses links in parent directories. Absolute link
 * targets are resolved under `top` (the root being activated, so a tree's
 * links stay in the tree; "/" for the process's own view), and `..` never
 * leads above it. Nothing here writes.
 */
import { lstatSync, readlinkSync, type Stats } from "node:fs";
import { join, posix } from "node:path";

export interface OwnedPath {
  /** The resolved host path (what does not exist yet appended as given). */
  readonly host: string;
  /** The deepest directory on it that exists, and the components below it that do not. */
  readonly existing: string;
  readonly missing: readonly string[];
}

const MAX_LINKS = 40;

function trusted(st: Stats, owners: readonly number[]): boolean {
  if (st.uid !== 0 && !owners.includes(st.uid)) return false;
  return st.isSymbolicLink() || (st.mode & 0o022) === 0 || (st.mode & 0o1000) !== 0;
}

/** `rel` below the directory `base` (a host path under `top`, trusted by the caller), links followed where root or one of `owners` made them. */
export function followOwned(top: string, base: string, rel: string, owners: readonly number[]): OwnedPath | undefined {
  top = posix.resolve(top);
  let cur = posix.resolve(base);
  let rest = rel.split("/").filter((p) => p !== "" && p !== ".");
  let links = 0;
  while (rest.length > 0) {
    const part = rest.shift() as string;
    if (part === "..") {
      if (cur !== top) cur = posix.dirname(cur);
      continue;
    }
    const next = join(cur, part);
    let st: Stats;
    try {
      st = lstatSync(next);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      // What is missing is named outright: a ".." below a path that is not there cannot be resolved.
      if (rest.includes("..")) return undefined;
      const missing = [part, ...rest];
      return { host: join(cur, ...missing), existing: cur, missing };
    }
    if (!trusted(st, owners)) return undefined;
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) return undefined;
      const target = readlinkSync(next);
      if (target.startsWith("/")) cur = top;
      rest = [...target.split("/").filter((p) => p !== "" && p !== "."), ...rest];
      continue;
    }
    if (!st.isDirectory()) return undefined;
    cur = next;
  }
  return { host: cur, existing: cur, missing: [] };
}
