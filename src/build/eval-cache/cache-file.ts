/**
 * The evaluation cache's files: entries (entry-file.ts: JSON, then the
 * generation's closure) in
 * ROOT/var/lib/system-manager/eval-cache/ (ROOT is the build's root; a
 * standalone home's is its store root, in the user's state directory),
 * up to ENTRIES_PER_KEY per invocation key, one per generation built
 * (`<key hash>-<generation hash>.json`), so that a change undone, or a
 * branch switched back to, is answered too (as Nix's cache is keyed by
 * the flake's fingerprint); a write removes those of its key least
 * recently used past that number.
 * the directory 0700, entries 0600, written to a temporary name and
 * renamed, so a reader sees a whole entry or none. They are not synced to
 * disk: what a power loss leaves damaged does not parse, and is no entry
 * (a cache costs an evaluation when lost, never a wrong answer). An entry is used only
 * when the directory and the file are ours (owned by the effective user,
 * writable by nobody else) and it parses as this format; anything else
 * is no entry (the build
 * evaluates), and a directory that is not ours is not written either:
 * `problem` says why. A hit marks its entry used (its mtime); writing an
 * entry removes those unused for STALE_DAYS (left by older versions of the
 * code, or configurations gone), and the temporaries of writers killed
 * before their rename (`….tmp-<pid>[-<hex>]`, here and the store sweep's
 * stamp: dead-temporaries.ts) older than an hour, which no writer holds
 * for more than an instant.
 */
import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, futimesSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, utimesSync, writeFileSync, writeSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { sha256, type Dependency } from "./dependency.ts";
import { entryText, readEntryFile } from "./entry-file.ts";

/** Under the root (bin/build-ahead.js has a copy: test/cli/build-ahead.test.ts keeps them one). */
export const EVAL_CACHE_DIR = "/var/lib/system-manager/eval-cache";
/** Bumped when an entry's meaning changes; entries of another format are ignored (2: the closure after the first line, entry-file.ts). */
export const ENTRY_FORMAT = 2;
export const STALE_DAYS = 30;
/** How many configurations of one invocation are kept: those most recently built or answered. */
export const ENTRIES_PER_KEY = 4;
/** An entry's file name: its invocation key's hash and its generation's. */
const ENTRY = /^([0-9a-f]{32})-[0-9a-f]{16}\.json$/;
/** A writer's temporary in the cache directory: its final name, `.tmp-`, its pid and, for most, random hex. */
const TEMPORARY = /\.tmp-\d+(-[0-9a-f]+)?$/;
const TEMPORARY_GRACE_MS = 3_600_000;

export interface CachedResult {
  /** The generation's store path. */
  readonly storePath: string;
  /** Store entry names the generation needs (its closure), checked present on a hit. */
  readonly closure: readonly string[];
  /** What the build printed as warnings, printed again on a hit. */
  readonly warnings: readonly string[];
}

export interface CacheEntry {
  readonly format: number;
  /** The invocation the entry answers (its file name is this key's hash). */
  readonly key: string;
  readonly deps: readonly Dependency[];
  readonly result: CachedResult;
}

/** An entry's first line: all of it but the closure. */
type Head = Omit<CacheEntry, "result"> & { readonly result: Omit<CachedResult, "closure"> };

/** An entry as read: its closure read from the file when first asked for (undefined when that part is not whole). */
export type ReadEntry = Head & { readonly closure: () => readonly string[] | undefined };

let lastUse = 0;
/**
 * The time to mark an entry used with, in seconds to the microsecond and
 * later than any this process gave: entries written or used in one
 * instant (the file system's clock moves by whole ticks) still say which
 * was last.
 */
function useStamp(): number {
  lastUse = Math.max((performance.timeOrigin + performance.now()) / 1000, lastUse + 1e-6);
  return lastUse;
}

const me = (): number => (typeof process.geteuid === "function" ? process.geteuid() : 0);

/** Why `st` may not be trusted as ours, or undefined. */
function untrusted(st: Stats, what: string, dir: boolean): string | undefined {
  if (st.isSymbolicLink() || (dir ? !st.isDirectory() : !st.isFile())) return `${what} is not a ${dir ? "directory" : "regular file"}`;
  if (st.uid !== me()) return `${what} is owned by uid ${st.uid}, not by uid ${me()}`;
  if ((st.mode & 0o022) !== 0) return `${what} is writable by other users`;
  return undefined;
}

/**
 * In a cache directory, removes the entries (names `isEntry` accepts)
 * unused for STALE_DAYS, and the temporaries of writers killed before
 * their rename older than an hour.
 */
export function pruneCacheDir(dir: string, isEntry: (name: string) => boolean, now = Date.now()): void {
  for (const name of readdirSync(dir)) {
    const temporary = TEMPORARY.test(name);
    if (!temporary && !isEntry(name)) continue;
    const p = join(dir, name);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st !== undefined && now - st.mtimeMs > (temporary ? TEMPORARY_GRACE_MS : STALE_DAYS * 86_400_000)) rmSync(p, { force: true });
  }
}

export class CacheFiles {
  readonly dir: string;

  constructor(root: string) {
    this.dir = join(root, EVAL_CACHE_DIR);
  }

  /** The file of the entry named `name` (entryName). */
  fileOf(name: string): string {
    return join(this.dir, `${name}.json`);
  }

  /** The name of `keyHash`'s entry whose generation is `storePath`. */
  static entryName(keyHash: string, storePath: string): string {
    return `${keyHash}-${sha256(storePath).slice(0, 16)}`;
  }

  /** The names of `keyHash`'s entries, the most recently used (written, or marked by a hit) first. */
  entriesOf(keyHash: string): string[] {
    if (this.problem() !== undefined) return [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const used = (n: string) => lstatSync(join(this.dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    return names
      .filter((n) => ENTRY.exec(n)?.[1] === keyHash)
      .map((n) => ({ name: n.slice(0, -".json".length), used: used(n) }))
      .sort((a, b) => b.used - a.used || (a.name < b.name ? -1 : 1))
      .map((e) => e.name);
  }

  /** Why the directory cannot be used (not ours, or not a directory); undefined when it can, or does not exist yet. */
  problem(): string | undefined {
    let st: Stats;
    try {
      st = lstatSync(this.dir);
    } catch {
      return undefined;
    }
    return untrusted(st, this.dir, true);
  }

  /** The entry named `name`, when it is a whole, trusted one of this format written for `key`; undefined otherwise. Its closure is read when asked for (entry-file.ts). */
  read(name: string, key: string): ReadEntry | undefined {
    if (this.problem() !== undefined) return undefined;
    const file = this.fileOf(name);
    try {
      const read = readEntryFile(file, (st) => untrusted(st, file, false));
      const e = read?.head as Head | undefined;
      const ok = e !== null && typeof e === "object" && e.format === ENTRY_FORMAT && e.key === key && Array.isArray(e.deps) && typeof e.result?.storePath === "string" && Array.isArray(e.result.warnings);
      return ok && read !== undefined ? { ...e, closure: read.closure } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Marks the entry named `name` used now. */
  touch(name: string): void {
    try {
      const now = useStamp();
      utimesSync(this.fileOf(name), now, now);
    } catch {
      // Only its removal as stale or surplus depends on it.
    }
  }

  /** What was last recorded beside the entry named `name` (closure-seen.ts: the store as its closure was found whole), when the file is whole and ours. */
  readNote(name: string): string | undefined {
    if (this.problem() !== undefined) return undefined;
    const file = join(this.dir, `${name}.store`);
    try {
      return untrusted(lstatSync(file), file, false) === undefined ? readFileSync(file, "utf8") : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records `text` beside the entry named `name` (a temporary name and a rename); where it cannot be written it is only not there next time. */
  writeNote(name: string, text: string): void {
    try {
      mkdirSync(dirname(this.dir), { recursive: true });
      mkdirSync(this.dir, { mode: 0o700, recursive: true });
    } catch {
      return;
    }
    if (this.problem() !== undefined) return;
    const tmp = join(this.dir, `.${name}.store.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
    try {
      writeFileSync(tmp, text, { mode: 0o600, flag: "wx" });
      renameSync(tmp, join(this.dir, `${name}.store`));
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  /**
   * Appends `text` (whole lines) to what is recorded beside the entry named `name`, in
   * one write, when that file exists, is ours and no one else may write
   * it; whether it did. A file a killed writer left without its last
   * newline gets one first: the torn line stays a line of its own.
   */
  appendNote(name: string, text: string): boolean {
    if (this.problem() !== undefined) return false;
    let fd: number;
    try {
      fd = openSync(join(this.dir, `${name}.store`), constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW);
    } catch {
      return false;
    }
    try {
      const st = fstatSync(fd);
      if (untrusted(st, name, false) !== undefined) return false;
      const last = Buffer.alloc(1);
      const torn = st.size > 0 && readSync(fd, last, 0, 1, st.size - 1) === 1 && last[0] !== 0x0a;
      writeSync(fd, torn ? `\n${text}` : text);
      return true;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the entries (and what is recorded beside them) unused for STALE_DAYS, and killed writers' temporaries. */
  prune(now = Date.now()): void {
    pruneCacheDir(this.dir, (name) => name.endsWith(".json") || name.endsWith(".store"), now);
  }

  /**
   * Writes `entry` as `keyHash`'s for its generation, atomically (in place
   * of one for the same generation), and removes `keyHash`'s entries past
   * the ENTRIES_PER_KEY most recently used; its name, or undefined when
   * the directory is not ours (nothing is written).
   */
  write(keyHash: string, entry: CacheEntry): string | undefined {
    mkdirSync(dirname(this.dir), { recursive: true });
    mkdirSync(this.dir, { mode: 0o700, recursive: true });
    if (this.problem() !== undefined) return undefined;
    const name = CacheFiles.entryName(keyHash, entry.result.storePath);
    const file = this.fileOf(name);
    const tmp = join(this.dir, `.${name}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
    try {
      const fd = openSync(tmp, "wx", 0o600);
      try {
        const { closure, ...result } = entry.result;
        writeSync(fd, entryText({ ...entry, result } satisfies Head, closure));
        const now = useStamp();
        futimesSync(fd, now, now);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    for (const surplus of this.entriesOf(keyHash).filter((n) => n !== name).slice(ENTRIES_PER_KEY - 1)) {
      rmSync(this.fileOf(surplus), { force: true });
      rmSync(join(this.dir, `${surplus}.store`), { force: true });
    }
    this.prune();
    return name;
  }
}
