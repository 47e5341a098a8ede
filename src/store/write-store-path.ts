/**
 * Writes a file tree into the store under a root, content-addressed. The
 * tree is written into a temporary directory inside the store, made
 * read-only, then renamed into place: a store path either exists whole or
 * not at all.
 *
 * Before anything is written, the store and the state directory must be
 * trusted (src/activate/trust-check.ts), and the store directory is
 * reached from the root without following a link in any component (a
 * symlinked store or parent is refused, so nothing is written outside the
 * root); in a build's store session (store-session.ts) that is checked
 * once per root, when the build first writes there. An existing store
 * path is valid as it is (store-validity.ts: one lstat); a session that
 * repairs checks it against its tree and writes a damaged one afresh, and
 * only then is the damaged path moved aside (under a `.tmp-` name gc
 * knows) and the new one renamed into place. Either way the path
 * is a temporary GC root of this process (src/store/temp-roots.ts).
 * A build writes its many paths in one batch: write-store-paths.ts.
 */
import { lstatSync, mkdirSync, chmodSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { STORE_DIR, storeEntryName, type StorePath } from "./store-path.ts";
import { noteReferences } from "./known-references.ts";
import { contentAddressedPath, type FileTree } from "./file-tree.ts";
import { validPath } from "./store-validity.ts";
import { tmpPrefix } from "./tmp-lock.ts";
import { addTempRoot } from "./temp-roots.ts";
import { checkTrust } from "../activate/trust-check.ts";
import { oncePerSession } from "./store-session.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { noteStoreFile, removeTree, stageDirectory, stageFile, tmpFileName } from "./stage-tree.ts";

/**
 * Whether `storePath` is in the store under `root`, kept there from now on
 * while this process lives: seen, registered as a temporary GC root, and
 * seen again after any gc in progress (temp-roots.ts). For a path reused
 * as it is; one that is absent is not registered (writing it registers it).
 */
export function keptInStore(root: string, storePath: string): boolean {
  const host = join(root, storePath);
  // lstat: a store path may be one symbolic link, to a path that is not there (mkOutOfStoreSymlink's).
  const present = () => lstatSync(host, { throwIfNoEntry: false }) !== undefined;
  if (!present()) return false;
  trustedStoreDir(root);
  addTempRoot(root, storePath);
  return present();
}

/** Returns the store path (as the target sees it) holding `tree`. */
export async function writeStorePath(root: string, name: string, tree: FileTree): Promise<StorePath> {
  return writeStorePathAt(root, contentAddressedPath(name, tree), tree);
}

/** Writes `tree` at a given store path (content-addressed by the caller, or input-addressed as packages are). */
export async function writeStorePathAt(root: string, storePath: StorePath, tree: FileTree): Promise<StorePath> {
  checkTreeShape(storePath, tree);
  const storeDir = trustedStoreDir(root);
  // A root of this process before the path is looked at: gc keeps it from here on, reused or written (temp-roots.ts).
  addTempRoot(root, storePath);
  const final = join(root, storePath);
  if (validPath(final, tree)) return madeValid(final, tree, storePath);
  const single = tree.get("");
  const fail = (e: unknown) => storeError(storeDir, e);
  const tmp = single !== undefined ? stageFile(tmpFileName(storeDir), single, fail) : await stageDirectory(storeDir, tree, fail);
  await install(storeDir, tmp, final, tree);
  return madeValid(final, tree, storePath);
}

/** A path written or found whole (valid, as Nix says): its references are recorded (known-references.ts), a single file is noted as a source of links (stage-tree.ts). */
export function madeValid(final: string, tree: FileTree, storePath: StorePath): StorePath {
  const single = tree.get("");
  if (single?.kind === "file") noteStoreFile(single.content, final, single.executable);
  noteReferences(final, storeEntryName(storePath), tree);
  return storePath;
}

/**
 * Renames the complete temporary `tmp` to `final`. Whatever is at `final`
 * and is not valid (a damaged path, when repairing) is moved aside just
 * before and removed after; one another build put there meanwhile is kept.
 */
export async function install(storeDir: string, tmp: string, final: string, tree: FileTree): Promise<void> {
  let damaged: string | undefined;
  try {
    if (validPath(final, tree)) return await removeTree(tmp);
    damaged = moveAside(storeDir, final);
    renameSync(tmp, final);
  } catch (e) {
    await removeTree(tmp);
    if (!validPath(final, tree)) throw e;
  } finally {
    if (damaged !== undefined) await removeTree(damaged);
  }
}

/** An empty, "." or ".." component, at the start, between slashes or at the end. */
const BAD_COMPONENT = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** A tree's paths are relative and normalised, and nothing is listed below a file or link ("" alone is a one-file tree). */
export function checkTreeShape(storePath: StorePath, tree: FileTree): void {
  if (tree.size === 1 && tree.has("")) return;
  // Directories found to be no entry of the tree, with all above them: each is looked up once.
  const dirs = new Set<string>();
  for (const rel of tree.keys()) {
    if (rel === "" ? tree.size !== 1 : BAD_COMPONENT.test(rel)) {
      throw new Error(`Cannot write ${storePath}: '${rel}' is not a normalised relative path of a tree`);
    }
    for (let d = dirname(rel); d !== "." && !dirs.has(d); d = dirname(d)) {
      if (tree.has(d)) throw new Error(`Cannot write ${storePath}: '${rel}' lies below '${d}', which is not a directory`);
      dirs.add(d);
    }
  }
}

/** Rethrows a failure to write into the store: a UserError with what to do when it is lack of space or permission. */
export function storeError(storeDir: string, e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOSPC" || code === "EDQUOT") throw new UserError(`Cannot write to the store ${storeDir}: ${code === "ENOSPC" ? "no space left on device" : "disk quota exceeded"}; free some space (system-manager gc removes store paths no generation uses)`);
  if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS") throw e;
  throw new UserError(`Cannot write to the store ${storeDir}: ${code === "EROFS" ? "read-only file system" : "permission denied"}; run as root, add --sudo, or build into another --root`);
}

/** The store directory on the host, made (0755) where missing, each component below the root reached without following a link. */
function storeDirOf(root: string): string {
  const storeDir = join(root, STORE_DIR);
  try {
    mkdirSync(root, { recursive: true, mode: 0o755 });
    let cur = root;
    for (const part of STORE_DIR.split("/").filter((p) => p !== "")) {
      cur = join(cur, part);
      let st;
      try {
        st = lstatSync(cur);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        mkdirSync(cur, { mode: 0o755 });
        chmodSync(cur, 0o755);
        continue;
      }
      const shown = cur.slice(root.length) || "/";
      if (st.isSymbolicLink()) throw new UserError(`Cannot write to the store under ${root}: '${shown}' is a symlink, and system-manager does not follow symlinks under the root`);
      if (!st.isDirectory()) throw new UserError(`Cannot write to the store under ${root}: '${shown}' is not a directory`);
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    storeError(storeDir, e);
  }
  return storeDir;
}

/** The store directory under `root`, for any writer: trusted (src/activate/trust-check.ts) and reached without following a link (once per build in a store session, store-session.ts). */
export function trustedStoreDir(root: string): string {
  return oncePerSession(`store ${root}`, () => {
    checkTrust(root);
    return storeDirOf(root);
  });
}

/** Moves whatever is at `final` (a damaged store path) aside under a temporary name; undefined when nothing is there. */
function moveAside(storeDir: string, final: string): string | undefined {
  if (lstatSync(final, { throwIfNoEntry: false }) === undefined) return undefined;
  const aside = join(storeDir, `${tmpPrefix()}damaged-${Math.random().toString(36).slice(2)}`);
  try {
    renameSync(final, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    storeError(storeDir, e);
  }
  return aside;
}
