/**
 * `system-manager.lock`, beside the configuration: what each `pkgs.<attr>`
 * resolved to, so builds are reproducible and need no network once the
 * downloads are cached. It pins each package's provider and version and,
 * for Debian, every .deb of its closure by sha256 and its dependency edges
 * (so store paths are computed without asking apt), plus the tools the
 * Debian provider builds with (patchelf and its closure, from the same
 * archive). Written sorted, with a trailing newline, so diffs are small.
 * Version 1 (no tools record) is still read: the tools are pinned on the
 * next build that looks up a Debian package, and the lock saved as 2.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { checkLock } from "./lock-schema.ts";

export const LOCK_FILE = "system-manager.lock";
/** The version written; readLock() also reads version 1 (migrateLock). */
export const LOCK_VERSION = 2;

export type ProviderId = "debian" | "nix";

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

/** A checked lock of any readable version in the current shape (version 1 differs only by having no tools). */
function migrateLock(data: { version: number } & Omit<Lock, "version">): Lock {
  return data.version === LOCK_VERSION ? (data as Lock) : { ...data, version: LOCK_VERSION };
}

function sortedObject<T>(o: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k] as T]));
}

function debianPin(d: DebianPin): DebianPin {
  if (d.tools === undefined) return { arch: d.arch, sources: d.sources };
  const tools: Partial<Record<ToolName, LockedTool>> = {};
  for (const n of TOOL_NAMES) {
    const t = d.tools[n];
    tools[n] = { package: t.package, version: t.version, deb: t.deb, closure: [...t.closure].sort() };
  }
  return { arch: d.arch, sources: d.sources, tools: tools as Record<ToolName, LockedTool> };
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
  const debian = anyDebian ? lock.debian : undefined;
  for (const tool of Object.values(debian?.tools ?? {})) for (const k of tool.closure) debs[k] = lock.debs[k] as LockedDeb;
  return { version: LOCK_VERSION, ...(debian !== undefined ? { debian } : {}), packages, debs };
}
