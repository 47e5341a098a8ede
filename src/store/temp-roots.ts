/**
 * Temporary GC roots, as Nix's /nix/var/nix/temproots/<pid>: a process
 * that writes or reuses a store path (a build, package realisation, the
 * --sudo import) registers it with addTempRoot before relying on it, and
 * gc keeps the temporary roots of live processes, so a path no generation
 * names yet is not removed under a build in flight. Each process has one
 * file, /var/lib/system-manager/temproots/<owner> under the root (beside
 * the store, whose trust is checked from the root down before any path is
 * written), its owner as tmp-lock.ts names a
 * temporary's writer (`<pid>.<start time>`: alive while that very process
 * is, judged by the kernel, not the clock), holding store entry names one
 * a line. It is removed when the process exits, and by gc once the
 * process is gone.
 *
 * A running gc holds temproots/gc.lock, naming its owner and that run: the
 * line is written to `gc.lock.<owner>` first and hard-linked into place,
 * so the lock never exists without its owner (a gc killed in between
 * leaves only its own draft, which the next gc removes). An empty lock
 * (left by older versions, killed between creating and writing it) that
 * stays empty for a moment has no live writer: a build does not wait for
 * it, and gc takes it over. The order closes the race between a build that sees
 * a path is there and a gc that has already read the roots: a build
 * appends the name first, then waits for the gc run holding the lock, if
 * any, to end; gc takes the lock first, then reads the roots. Whichever
 * comes second sees the other: the gc run reads the new root, or the build
 * waits for it to finish and only then looks at the path (which, if gc
 * removed it, it writes anew). A later run took the lock after the name
 * was appended, so the build does not wait for it too: gc run again and
 * again does not starve builds.
 */
import { closeSync, constants, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { UserError } from "../diagnostics/user-error.ts";
import { STORE_DIR } from "./store-path.ts";
import { ownerAlive, ownerId } from "./tmp-lock.ts";
import { oncePerSession } from "./store-session.ts";

export const TEMP_ROOTS = "/var/lib/system-manager/temproots";
const GC_LOCK = "gc.lock";
/** How long a root file whose owner cannot be judged (no /proc) is kept. */
const UNKNOWN_OWNER_MS = 3600 * 1000;

/** Per root, the names this process has registered. */
const registered = new Map<string, Set<string>>();

/** The store entry name of a store path (or a name already). */
const STORE_PREFIX = STORE_DIR + "/";
const entryName = (path: string) => {
  if (!path.startsWith(STORE_PREFIX)) return path;
  const end = path.indexOf("/", STORE_PREFIX.length);
  return end === -1 ? path.slice(STORE_PREFIX.length) : path.slice(STORE_PREFIX.length, end);
};

/** The temproots directory under `root` (whose store the caller found trusted), made when missing; only root or we may write it (checked once per build in a store session, store-session.ts). */
function rootsDir(root: string): string {
  return oncePerSession(`temproots ${root}`, () => checkedRootsDir(root));
}

function checkedRootsDir(root: string): string {
  const dir = join(root, TEMP_ROOTS);
  try {
    mkdirSync(dir, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const st = lstatSync(dir);
  const me = process.geteuid?.() ?? 0;
  if (!st.isDirectory()) throw new UserError(`Cannot register a temporary GC root: ${dir} is not a directory`);
  if ((st.uid !== 0 && st.uid !== me) || (st.mode & 0o022) !== 0) throw new UserError(`Cannot register a temporary GC root: ${dir} may be written by others (owner uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)}); only root or uid ${me} may write it`);
  return dir;
}

/**
 * Registers `storePath` (a store path or entry name) as a root of this
 * process in the store under `root` (trusted: trustedStoreDir was called),
 * then waits out a gc in progress: on return, no gc removes it while this
 * process lives.
 */
export function addTempRoot(root: string, storePath: string): void {
  addTempRoots(root, [storePath]);
}

/** addTempRoot for many paths at once (a build's thousands of store paths): one append to the root file, one wait for a gc in progress. */
export function addTempRoots(root: string, storePaths: Iterable<string>): void {
  const mine = registered.get(root);
  // One pass: a build registers 10,000 paths at once.
  const unique = new Set<string>();
  for (const p of storePaths) {
    const n = entryName(p);
    if (mine?.has(n) !== true) unique.add(n);
  }
  const names = [...unique];
  if (names.length === 0) return;
  const dir = rootsDir(root);
  const file = join(dir, ownerId());
  let set = mine;
  if (set === undefined) {
    set = new Set();
    if (registered.size === 0) process.once("exit", removeOwnRootFiles);
    registered.set(root, set);
  }
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  try {
    const text = Buffer.from(names.join("\n") + "\n");
    for (let done = 0; done < text.length; ) done += writeSync(fd, text, done);
  } finally {
    closeSync(fd);
  }
  for (const n of names) set.add(n);
  waitForGc(dir);
}

/** At exit: this process's root files, one per root it built in. */
function removeOwnRootFiles(): void {
  for (const root of registered.keys()) rmSync(join(root, TEMP_ROOTS, ownerId()), { force: true });
}

function lockHolder(dir: string): string | undefined {
  // Checked before every reuse of a path: no gc running is the common case, answered without an exception.
  if (!existsSync(join(dir, GC_LOCK))) return undefined;
  try {
    return readFileSync(join(dir, GC_LOCK), "utf8").trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Whether the lock is empty and stays so for a moment: its writer died before writing its owner (see the header). */
function deadEmptyLock(dir: string): boolean {
  Atomics.wait(pause, 0, 0, 200);
  return lockHolder(dir) === "";
}

/** Waits for the gc run holding the lock now, if any, to end (or its process to die). */
function waitForGc(dir: string): void {
  const run = lockHolder(dir);
  if (run === undefined || (run === "" && deadEmptyLock(dir))) return;
  const owner = run.split(" ")[0] as string;
  if (owner === ownerId()) return;
  while (lockHolder(dir) === run && ownerAlive(owner) !== false) Atomics.wait(pause, 0, 0, 20);
}

/** Takes the gc lock of the store under `root` (a dead holder's is taken over); returns its release. */
export function acquireGcLock(root: string): () => void {
  const dir = rootsDir(root);
  const lock = join(dir, GC_LOCK);
  // Drafts of gc runs killed before they linked or removed them.
  for (const n of readdirSync(dir)) if (n.startsWith(`${GC_LOCK}.`) && ownerAlive(n.slice(GC_LOCK.length + 1)) === false) rmSync(join(dir, n), { force: true });
  const draft = join(dir, `${GC_LOCK}.${ownerId()}`);
  for (let attempt = 0; attempt < 3; attempt++) {
    const fd = openSync(draft, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, `${ownerId()} ${randomBytes(8).toString("hex")}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(draft, lock);
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      rmSync(draft, { force: true });
    }
    const holder = lockHolder(dir);
    if (holder === undefined) continue;
    // An empty lock that gains its line meanwhile is read again.
    if (holder === "" && !deadEmptyLock(dir)) continue;
    if (holder !== "" && ownerAlive(holder.split(" ")[0] as string) !== false) throw new UserError(`Cannot collect garbage: another gc (pid ${holder.split(".")[0]}) is collecting this store; wait for it to finish (lock: ${lock})`);
    rmSync(lock, { force: true });
  }
  throw new UserError(`Cannot collect garbage: could not take the lock ${lock}`);
}

export interface TempRoots {
  /** Store entry names live processes hold. */
  readonly names: ReadonlySet<string>;
  /** Root files of processes that are gone. */
  readonly stale: readonly string[];
}

/**
 * The temporary roots of the other live processes, and the root files of
 * dead ones. This process's own are neither: as with Nix, the process that
 * collects is not building meanwhile.
 */
export function readTempRoots(root: string, now: number): TempRoots {
  const dir = join(root, TEMP_ROOTS);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { names: new Set(), stale: [] };
    throw e;
  }
  const names = new Set<string>();
  const stale: string[] = [];
  for (const f of files.filter((n) => n !== GC_LOCK && !n.startsWith(`${GC_LOCK}.`) && n !== ownerId())) {
    const path = join(dir, f);
    const alive = ownerAlive(f);
    if (alive === false || (alive === undefined && now - lstatSync(path).mtimeMs > UNKNOWN_OWNER_MS)) {
      stale.push(path);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw e;
    }
    for (const n of text.split("\n")) if (n !== "") names.add(n);
  }
  return { names, stale };
}
