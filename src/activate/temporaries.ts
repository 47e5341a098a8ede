/**
 * Temporaries of ours. RootFs writes every file and link beside its
 * destination as `.#<name>.<12 hex digits>` and renames it into place, so
 * a kill between the two leaves one behind (a failed write or rename
 * removes its own).
 * Only names of that form beside a path we were writing (a recorded
 * intent, or a file only system-manager writes) are taken for ours, and
 * only files and links: nobody else's file is touched.
 * Directories (homes) are made as `.<name>.system-manager-new` and renamed
 * (RootFs.mkdirOwned); such a directory beside a home we recorded is ours.
 */
import { posix } from "node:path";
import { dirTemporaryName, type RootFs } from "./root-fs.ts";

const TEMPORARY = /^\.#(.+)\.[0-9a-f]{12}$/;

/** The temporaries our writes of `paths` left, sorted. */
export function ourTemporaries(fs: RootFs, paths: Iterable<string>): string[] {
  // Grouped by directory; a directory's names are collected only once a temporary is found there (rarely: a home's 10,000 paths).
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = dirOf(p);
    const inDir = byDir.get(dir);
    if (inDir === undefined) byDir.set(dir, [p]);
    else inDir.push(p);
  }
  const out: string[] = [];
  for (const [dir, inDir] of byDir) {
    if (fs.entry(dir).kind !== "dir") continue;
    let names: Set<string> | undefined;
    for (const n of fs.readdir(dir)) {
      const m = TEMPORARY.exec(n);
      if (m === null) continue;
      names ??= new Set(inDir.map((p) => posix.basename(p)));
      const path = posix.join(dir, n);
      if (names.has(m[1] as string) && ["file", "symlink"].includes(fs.entry(path).kind)) out.push(path);
    }
  }
  return out.sort();
}

/** posix.dirname of a normalised path (no trailing slash), without its general case. */
export function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i);
}

/** Removes the temporaries of `paths`; returns those removed. */
export function removeTemporaries(fs: RootFs, paths: Iterable<string>): string[] {
  const found = ourTemporaries(fs, paths);
  for (const t of found) fs.unlink(t);
  return found;
}

/**
 * Removes what `mkdirOwned` left beside `dirs` (the homes we recorded as
 * ours) when killed before its rename. A run after an interrupted one may
 * not make that home again (a rollback to a generation without its user),
 * so it is cleared here, not only there. Only an empty one is removed
 * (`kept`: the others), as mkdirOwned would.
 */
export function removeDirTemporaries(fs: RootFs, dirs: Iterable<string>): { removed: string[]; kept: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const d of [...dirs].sort()) {
    if (d === "/" || fs.entry(dirOf(d)).kind !== "dir") continue;
    const t = posix.join(dirOf(d), dirTemporaryName(posix.basename(d)));
    if (fs.entry(t).kind === "dir") (fs.rmdirIfEmpty(t) ? removed : kept).push(t);
  }
  return { removed, kept };
}
