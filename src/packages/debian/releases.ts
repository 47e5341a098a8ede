/**
 * Releases a Debian package may be taken from besides the host's own: a
 * small explicit table of the newer releases of each release (Debian 12
 * bookworm → 13 trixie), whose archive is the host's with the codename in
 * its suites replaced (bookworm-updates → trixie-updates), signed by the
 * same distribution keyring. A package the host's release lacks, or ships
 * older than the name table asks for, is taken from the first newer
 * release that has it, with its whole closure (its own libc6: the store
 * patches every binary to load from it). Ubuntu has no entries: its
 * releases are not mixed.
 */
import type { AptSource } from "../lock.ts";

/** Codename → the newer releases to look in, nearest first. */
export const NEWER_RELEASES: Readonly<Record<string, readonly string[]>> = {
  bullseye: ["bookworm"],
  bookworm: ["trixie"],
};

/** The release an archive serves: its first suite ("bookworm" of bookworm, bookworm-updates, bookworm-security). */
export function releaseOf(sources: readonly AptSource[]): string {
  return sources[0]?.suites[0] ?? "";
}

/** The archive of `release`: `main`'s sources with its codename in each suite replaced. */
export function sourcesOfRelease(main: readonly AptSource[], release: string): AptSource[] {
  const from = releaseOf(main);
  if (release === from) return [...main];
  return main.map((s) => ({ ...s, suites: s.suites.map((suite) => (suite === from || suite.startsWith(`${from}-`) ? release + suite.slice(from.length) : suite)) }));
}

/** "Debian bookworm", "Ubuntu noble", or the bare codename of another archive. */
export function describeRelease(sources: readonly AptSource[], release: string = releaseOf(sources)): string {
  const uri = sources[0]?.uri ?? "";
  const distro = /ubuntu/.test(uri) ? "Ubuntu " : /debian/.test(uri) ? "Debian " : "";
  return `${distro}${release}`;
}
