/**
 * Reading older locks: versions 1 and 2 name no release per package, as
 * every Debian package came from the archive of `debian.sources`; version
 * 1 also pins no tools (they are pinned on the next Debian lookup). Both
 * are migrated explicitly to the current shape when read, and written as
 * the current version the next time the lock is saved.
 */
import { releaseOf } from "./debian/releases.ts";
import { LOCK_VERSION, type Lock } from "./lock.ts";

/** A checked lock of any readable version, in the current shape. */
export function migrateLock(data: { version: number } & Omit<Lock, "version">): Lock {
  if (data.version === LOCK_VERSION) return data as Lock;
  const release = data.debian === undefined ? "" : releaseOf(data.debian.sources);
  const packages = Object.fromEntries(
    Object.entries(data.packages).map(([attr, p]) => [attr, p.provider === "debian" ? { ...p, release } : p]),
  );
  return { ...data, version: LOCK_VERSION, packages };
}
