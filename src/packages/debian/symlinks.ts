/**
 * Re-targets a package's symlinks for the store. An absolute link
 * (`lib64/ld-linux-x86-64.so.2 → /lib/x86_64-linux-gnu/…`) and a relative
 * link leaving the package (`usr/bin/go → ../lib/go-1.19/bin/go`, in
 * another .deb) point at the closure member that owns the target; a link
 * within the package becomes relative. A target no member owns (made by
 * a maintainer script, such as /etc/alternatives/…) is left as it is.
 */
import { readlinkSync, symlinkSync, unlinkSync } from "node:fs";
import { join, posix } from "node:path";
import type { ClosureView } from "./closure-view.ts";

/** Returns how many links were changed. */
export function retargetSymlinks(view: ClosureView): number {
  const self = view.self;
  let changed = 0;
  for (const [rel, kind] of self.entries) {
    if (kind !== "symlink") continue;
    const host = join(self.dir, rel);
    const target = readlinkSync(host);
    const resolved = target.startsWith("/") ? posix.normalize(target.slice(1)) : posix.normalize(posix.join(posix.dirname(rel), target));
    if (resolved.startsWith("..") || resolved === "." || target.startsWith(self.storePath)) continue;
    const owned = view.owner(resolved);
    if (owned === undefined) continue;
    let next: string;
    if (owned.member === self) {
      if (!target.startsWith("/") && owned.path === resolved) continue;
      next = posix.relative(posix.dirname(rel), owned.path) || ".";
    } else {
      next = `${owned.member.storePath}/${owned.path}`;
    }
    if (next === target) continue;
    unlinkSync(host);
    symlinkSync(next, host);
    changed++;
  }
  return changed;
}
