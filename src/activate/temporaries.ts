/**
 * Temporaries of ours. RootFs writes every file and link beside its
 * destination as `.#<name>.<12 hex digits>` and renames it into place, so
 * a kill between the two leaves one behind (a failed write or rename
 * removes its own).
 * Only names of that form beside a path we were writing (a recorded
 * intent, or a file only system-manager writes) are taken for ours, and
 * only files and links: nobody else's file is touched.
 */
import { posix } from "node:path";
import type { RootFs } from "./root-fs.ts";

const TEMPORARY = /^\.#(.+)\.[0-9a-f]{12}$/;

/** The temporaries our writes of `paths` left, sorted. */
export function ourTemporaries(fs: RootFs, paths: Iterable<string>): string[] {
  const byDir = new Map<string, Set<string>>();
  for (const p of paths) {
    const dir = posix.dirname(p);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(posix.basename(p)));
  }
  const out: string[] = [];
  for (const [dir, names] of byDir) {
    if (fs.entry(dir).kind !== "dir") continue;
    for (const n of fs.readdir(dir)) {
      const m = TEMPORARY.exec(n);
      const path = posix.join(dir, n);
      if (m !== null && names.has(m[1] as string) && ["file", "symlink"].includes(fs.entry(path).kind)) out.push(path);
    }
  }
  return out.sort();
}

/** Removes the temporaries of `paths`; returns those removed. */
export function removeTemporaries(fs: RootFs, paths: Iterable<string>): string[] {
  const found = ourTemporaries(fs, paths);
  for (const t of found) fs.unlink(t);
  return found;
}
