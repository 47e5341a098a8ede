/**
 * Where the .debs of packages being realised are downloaded from: each
 * from the archive of the release its package was taken from (the lock's
 * `release`), the tools' from the archive's own release; one private apt
 * root per release.
 */
import type { DebianPin } from "../lock.ts";
import type { LockedItem } from "../provider.ts";
import { AptRoot } from "./apt-root.ts";
import { releaseOf } from "./releases.ts";

/** The archive each .deb of `items` is downloaded from: its package's release (the archive's own for the tools). */
export function aptOfKeys(root: string, pinned: DebianPin, items: readonly LockedItem[]): (key: string) => AptRoot {
  const own = releaseOf(pinned.sources);
  const releaseOfKey = new Map<string, string>();
  for (const i of items) if (i.entry.provider === "debian") for (const k of i.entry.closure) if (!releaseOfKey.has(k)) releaseOfKey.set(k, i.entry.release);
  const roots = new Map<string, AptRoot>();
  return (key) => {
    const release = releaseOfKey.get(key) ?? own;
    let apt = roots.get(release);
    if (apt === undefined) {
      const sources = release === own ? pinned.sources : pinned.releases?.[release];
      if (sources === undefined) throw new Error(`the lock's debian.releases has no ${release}`);
      roots.set(release, (apt = new AptRoot(root, pinned.arch, sources)));
    }
    return apt;
  };
}
