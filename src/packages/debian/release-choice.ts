/**
 * Which release a Debian package is taken from, given the releases to try
 * in order (the host's, then the newer ones of releases.ts; or the one a
 * user named): the first that has the package, at the version the name
 * table asks for when it asks one (`atLeast`: home-manager's fzf module
 * needs fzf ≥ 0.48, Debian 12 has 0.38), else the newest there is. Taking
 * it from a release other than the first, or older than asked, is said
 * once, in a note, when it is resolved. A name no release has is the
 * caller's error (PackageNotFound of the first).
 */
import type { LockedPackage } from "../lock.ts";
import type { DebianName } from "../names.ts";
import { compareDebianVersions } from "./debian-version.ts";
import { PackageNotFound, type DebResolution } from "./resolve.ts";

export interface ReleaseChoice {
  readonly release: string;
  readonly resolution: DebResolution;
  /** Why it is not the first release's, for the user; undefined when it is. */
  readonly note: string | undefined;
}

/**
 * The releases to try for a package: the one asked for; else the one it is
 * locked to when that is a newer release (a choice made with `update
 * --release` stays); else the host's, then the newer ones.
 */
export function releasesToTry(allowed: readonly string[], asked: string | undefined, previous: LockedPackage | undefined): readonly string[] {
  if (asked !== undefined) return [asked];
  if (previous?.provider === "debian" && previous.release !== allowed[0] && allowed.includes(previous.release)) return [previous.release];
  return allowed;
}

/**
 * Resolves `name` in the first of `releases` that has it (new enough);
 * `label` names a release in messages ("Debian bookworm"). Throws the first
 * release's PackageNotFound when none has it.
 */
export function chooseRelease(
  attr: string,
  name: DebianName,
  releases: readonly string[],
  resolveIn: (release: string) => DebResolution,
  label: (release: string) => string,
): ReleaseChoice {
  let notFound: PackageNotFound | undefined;
  let tooOld: { release: string; resolution: DebResolution } | undefined;
  const missing: string[] = [];
  for (const release of releases) {
    let resolution: DebResolution;
    try {
      resolution = resolveIn(release);
    } catch (e) {
      if (!(e instanceof PackageNotFound)) throw e;
      notFound ??= e;
      missing.push(label(release));
      continue;
    }
    const min = name.atLeast;
    if (min !== undefined && compareDebianVersions(resolution.version, min.version) < 0) {
      tooOld = { release, resolution };
      continue;
    }
    return { release, resolution, note: noteFor(attr, name, release, resolution, missing, tooOld, label) };
  }
  if (tooOld !== undefined) {
    // None is new enough: the newest there is comes closest.
    const min = name.atLeast as { version: string; why: string };
    const note = `${attr}: ${name.package} ${tooOld.resolution.version} of ${label(tooOld.release)}, the newest there is, is older than ${min.version} (${min.why})`;
    return { release: tooOld.release, resolution: tooOld.resolution, note };
  }
  throw notFound as PackageNotFound;
}

function noteFor(
  attr: string,
  name: DebianName,
  release: string,
  r: DebResolution,
  missing: readonly string[],
  tooOld: { release: string; resolution: DebResolution } | undefined,
  label: (release: string) => string,
): string | undefined {
  if (missing.length === 0 && tooOld === undefined) return undefined;
  const taken = `taken from ${label(release)} (${name.package} ${r.version}, with its dependencies)`;
  if (tooOld === undefined) return `${attr}: not in ${missing.join(" or ")}, ${taken}`;
  const min = name.atLeast as { version: string; why: string };
  return `${attr}: ${label(tooOld.release)} has ${name.package} ${tooOld.resolution.version}, older than ${min.version} (${min.why}); ${taken}`;
}
