/**
 * `system-manager.lock`, beside the configuration: what each `pkgs.<attr>`
 * resolved to, so builds are reproducible and need no network once the
 * downloads are cached. It pins each package's provider and version and,
 * for Debian, every .deb of its closure by sha256 and its dependency edges
 * (so store paths are computed without asking apt), plus the tools the
 * Debian provider builds with (patchelf and its closure, from the same
 * archive). Written sorted, with a trailing newline, so diffs are small.
 * Version 3 records the release each Debian package was taken from: the
 * archive's own (`debian.sources`), or a newer one (`debian.releases`,
 * see debian/releases.ts). Versions 1 and 2 are still read and migrated
 * (migrateLock): their packages all came from `debian.sources`; a version-1
 * lock has no tools, pinned on the next build that looks up a Debian
 * package. The lock is saved as 3.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { checkLock } from "./lock-schema.ts";
import { migrateLock } from "./lock-migration.ts";

export const LOCK_FILE = "system-manager.lock";
/** The version written; readLock() also reads versions 1 and 2 (migrateLock). */
export const LOCK_VERSION = 3;

export type ProviderId = "debian" | "nix" | "prebuilt";

/** One apt source (deb822 `Types: deb`): its signing keyring is required. */
export interface AptSource {
  readonly uri: string;
  readonly suites: readonly string[];
  readonly components: readonly string[];
  /** Path of the keyring apt checks the Release signature against (Signed-By). */
  readonly keyring: string;
}

export interface LockedDeb {
  readonly name: string;
  readonly version: string;
  readonly arch: string;
  readonly sha256: string;
  readonly size: number;
  /** Path in the archive's pool, for messages. */
  readonly filename: string;
  /** Keys of the debs satisfying its Depends/Pre-Depends within the closure. */
  readonly depends: readonly string[];
}

export type LockedPackage =
  | {
      readonly provider: "debian";
      /** The release it was taken from: the archive's own (`releaseOf(debian.sources)`) or a key of `debian.releases`. */
      readonly release: string;
      /** The Debian package name (`fd-find` for `pkgs.fd`). */
      readonly package: string;
      readonly version: string;
      /** Key of the package's own .deb. */
      readonly deb: string;
      /** Keys of every .deb of its closure, itself included, sorted. */
      readonly closure: readonly string[];
    }
  | {
      readonly provider: "nix";
      /** The nixpkgs attribute path. */
      readonly package: string;
      readonly version: string;
      readonly name: string;
      readonly outPath: string;
      readonly drvPath: string;
      readonly mainProgram: string | null;
    }
  | {
      /** Upstream's prebuilt binary (prebuilt/table.ts), for one system. */
      readonly provider: "prebuilt";
      /** The npm package it comes from (`@oven/bun-linux-x64`). */
      readonly package: string;
      readonly version: string;
      readonly system: string;
      /** Where the archive is downloaded from. */
      readonly url: string;
      /** The archive's subresource integrity (`sha512-…`), checked before it is unpacked. */
      readonly integrity: string;
    };

/** A Debian package the provider itself runs (patchelf), pinned like a package: its .debs are in `debs`. */
export interface LockedTool {
  readonly package: string;
  readonly version: string;
  /** Key of the tool's own .deb. */
  readonly deb: string;
  /** Keys of every .deb of its closure, itself included, sorted. */
  readonly closure: readonly string[];
}

/** The tools the Debian provider pins (only patchelf: it patches every ELF file it unpacks). */
export type ToolName = "patchelf";
export const TOOL_NAMES: readonly ToolName[] = ["patchelf"];

export interface DebianPin {
  readonly arch: string;
  readonly sources: readonly AptSource[];
  /** The other releases packages were taken from, by codename (absent when none). */
  readonly releases?: Readonly<Record<string, readonly AptSource[]>>;
  /** Absent in a version-1 lock, and until the first Debian package is looked up. */
  readonly tools?: Readonly<Record<ToolName, LockedTool>>;
}

export interface Lock {
  readonly version: typeof LOCK_VERSION;
  readonly debian?: DebianPin;
  readonly packages: Readonly<Record<string, LockedPackage>>;
  readonly debs: Readonly<Record<string, LockedDeb>>;
}

export const EMPTY_LOCK: Lock = { version: LOCK_VERSION, packages: {}, debs: {} };

/** The key of a .deb in the lock: `name_version_arch`, as Debian names the file (epoch kept). */
export function debKey(d: { name: string; version: string; arch: string }): string {
  return `${d.name}_${d.version}_${d.arch}`;
}

/** The lock file beside a configuration file (or inside a flake directory). */
export function lockPathFor(configPath: string, isDirectory = false): string {
  return isDirectory ? join(configPath, LOCK_FILE) : join(dirname(configPath), LOCK_FILE);
}

/** Reads and checks a lock; a missing file is an empty lock. */
export function readLock(path: string): Lock {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_LOCK;
    throw e;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`Cannot read ${path}: it is not valid JSON (${(e as Error).message}); restore it from version control, or delete it and run 'system-manager update'`);
  }
  const problems = checkLock(data);
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).map((p) => `  - ${p}`).join("\n");
    const more = problems.length > 8 ? `\n  … and ${problems.length - 8} more` : "";
    throw new UserError(`Cannot read ${path}: it is not a valid ${LOCK_FILE}:\n${shown}${more}\nRestore it from version control, or delete it and run 'system-manager update'`);
  }
  return migrateLock(data as { version: number } & Omit<Lock, "version">);
}

function sortedObject<T>(o: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k] as T]));
}

function debianPin(d: DebianPin): DebianPin {
  const releases = d.releases === undefined || Object.keys(d.releases).length === 0 ? {} : { releases: sortedObject(d.releases) };
  if (d.tools === undefined) return { arch: d.arch, sources: d.sources, ...releases };
  const tools: Partial<Record<ToolName, LockedTool>> = {};
  for (const n of TOOL_NAMES) {
    const t = d.tools[n];
    tools[n] = { package: t.package, version: t.version, deb: t.deb, closure: [...t.closure].sort() };
  }
  return { arch: d.arch, sources: d.sources, ...releases, tools: tools as Record<ToolName, LockedTool> };
}

export function serialiseLock(lock: Lock): string {
  const out = {
    version: lock.version,
    ...(lock.debian === undefined ? {} : { debian: debianPin(lock.debian) }),
    packages: sortedObject(lock.packages),
    debs: sortedObject(lock.debs),
  };
  return JSON.stringify(out, null, 2) + "\n";
}

/** Writes the lock atomically (beside it, then renamed over it). */
export function writeLock(path: string, lock: Lock): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, serialiseLock(lock));
  renameSync(tmp, path);
}

/** Keeps only what `attrs` need: their entries and the debs of their closures, and the Debian tools' debs while any package is Debian's. */
export function pruneLock(lock: Lock, attrs: Iterable<string>): Lock {
  const packages: Record<string, LockedPackage> = {};
  const debs: Record<string, LockedDeb> = {};
  for (const a of attrs) {
    const p = lock.packages[a];
    if (p === undefined) continue;
    packages[a] = p;
    if (p.provider === "debian") for (const k of p.closure) debs[k] = lock.debs[k] as LockedDeb;
  }
  const anyDebian = Object.values(packages).some((p) => p.provider === "debian");
  const debian = anyDebian && lock.debian !== undefined ? keepReleases(lock.debian, Object.values(packages)) : undefined;
  for (const tool of Object.values(debian?.tools ?? {})) for (const k of tool.closure) debs[k] = lock.debs[k] as LockedDeb;
  return { version: LOCK_VERSION, ...(debian !== undefined ? { debian } : {}), packages, debs };
}

/** `pin` with only the releases some of `packages` were taken from. */
function keepReleases(pin: DebianPin, packages: readonly LockedPackage[]): DebianPin {
  const { releases, ...rest } = pin;
  const used = new Set(packages.flatMap((p) => (p.provider === "debian" ? [p.release] : [])));
  const kept = Object.entries(releases ?? {}).filter(([r]) => used.has(r));
  return kept.length === 0 ? rest : { ...rest, releases: Object.fromEntries(kept) };
}
