/**
 * Staging a store path: its content written, read-only, into a temporary
 * (`.tmp-<writer>-…`, tmp-lock.ts) inside the store, which the writer
 * then renames to the final name (write-store-path.ts), so a store path
 * exists whole or not at all. Files are created with their final mode
 * (one chmod more only where the umask would take a bit away).
 *
 * A file whose bytes this process already put in the store as a
 * single-file store path (a home file's `text`, which home-manager's
 * writeText makes) is hard-linked from it instead of written again: the
 * same bytes and mode, so the staged tree is the one writing gives. Only
 * a path of the same store that this process wrote or verified from that
 * very buffer is a source (noteStoreFile: a build writes or verifies a
 * generation's text paths just before the generation); when linking
 * fails the file is written. Two generations holding a file unchanged
 * thus share its inode with its text path, which home activation's kept
 * links rely on (src/activate/home/home-roots.ts).
 */
import { closeSync, constants, fchmodSync, linkSync, mkdirSync, mkdtempSync, chmodSync, openSync, symlinkSync, writeSync } from "node:fs";
import { chmod, lstat, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { FileTree, TreeEntry } from "./file-tree.ts";
import { tmpPrefix } from "./tmp-lock.ts";

/** Single-file store paths this process wrote or verified, by the buffer their content was written from. */
const storeFiles = new WeakMap<Buffer, { readonly host: string; readonly executable: boolean }>();

/** Records that `host` (a single-file store path, whole: written or verified just now) holds `content`. */
export function noteStoreFile(content: Buffer, host: string, executable: boolean): void {
  storeFiles.set(content, { host, executable });
}

/** The umask, read once (creating a file with mode m gives m & ~umask). */
let umask: number | undefined;
function currentUmask(): number {
  umask ??= process.umask();
  return umask;
}

const WRITE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Creates `path` (which must not exist) holding `content`, with exactly `mode`. */
export function writeNewFile(path: string, content: Buffer, mode: number): void {
  const fd = openSync(path, WRITE_NEW, mode);
  try {
    for (let done = 0; done < content.length; ) done += writeSync(fd, content, done);
    if ((mode & currentUmask()) !== 0) fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

const fileMode = (executable: boolean) => (executable ? 0o555 : 0o444);

/** Told of each file a staged tree writes afresh (not linked), once it is whole: its bytes' buffer, where it is, its executable bit. */
export type StagedFile = (content: Buffer, path: string, executable: boolean) => void;

/** A file of a staged tree: linked from a store file (under `storePrefix`, the store directory and a slash) holding the same bytes with the same mode, else written. */
function stageEntryFile(storePrefix: string, path: string, e: TreeEntry & { kind: "file" }, written?: StagedFile): void {
  const from = storeFiles.get(e.content);
  if (from !== undefined && from.executable === e.executable && from.host.startsWith(storePrefix)) {
    try {
      linkSync(from.host, path);
      return;
    } catch {
      // Another filesystem, a link limit, a removed source: written instead.
    }
  }
  writeNewFile(path, e.content, fileMode(e.executable));
  written?.(e.content, path, e.executable);
}

/**
 * Writes a directory tree into a new temporary directory in `storeDir`,
 * read-only, and returns it; `fail` rethrows a write error (storeError);
 * `written` hears of each file written afresh (a batch links its new
 * one-file paths from them, write-store-paths.ts).
 */
export async function stageDirectory(storeDir: string, tree: FileTree, fail: (e: unknown) => never, written?: StagedFile): Promise<string> {
  let tmp: string;
  try {
    tmp = mkdtempSync(join(storeDir, tmpPrefix()));
  } catch (e) {
    fail(e);
  }
  try {
    // Each directory is made once, parents first; all are made read-only at the end, innermost first.
    const dirs = new Set<string>();
    const makeDir = (rel: string): void => {
      if (rel === "." || dirs.has(rel)) return;
      makeDir(dirname(rel));
      mkdirSync(join(tmp, rel));
      dirs.add(rel);
    };
    const storePrefix = `${storeDir}/`;
    for (const [rel, entry] of tree) {
      // join(tmp, rel): the tree's paths are normalised and relative (checkTreeShape), tmp is a directory's.
      const p = `${tmp}/${rel}`;
      const slash = rel.lastIndexOf("/");
      // Its directory (dirname(rel)), unless at the top.
      if (slash !== -1) makeDir(rel.slice(0, slash));
      if (entry.kind === "file") stageEntryFile(storePrefix, p, entry, written);
      else symlinkSync(entry.target, p);
    }
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) chmodSync(join(tmp, d), 0o555);
    chmodSync(tmp, 0o555);
  } catch (e) {
    await removeTree(tmp);
    fail(e);
  }
  return tmp;
}

/**
 * A store path that is one file (as Nix's writeText makes) or one
 * symbolic link (home-manager's mkOutOfStoreSymlink): written, a file
 * read-only, into a new temporary `tmp` (a name in the store, or in a
 * batch's temporary directory).
 */
export function stageFile(tmp: string, entry: TreeEntry, fail: (e: unknown) => never): string {
  try {
    if (entry.kind === "symlink") symlinkSync(entry.target, tmp);
    else writeNewFile(tmp, entry.content, fileMode(entry.executable));
  } catch (e) {
    fail(e);
  }
  return tmp;
}

/** A new temporary name in `storeDir` for a single file. */
export function tmpFileName(storeDir: string): string {
  return join(storeDir, `${tmpPrefix()}${Math.random().toString(36).slice(2)}`);
}

/** Removes a (possibly read-only) tree, or a single file. */
export async function removeTree(path: string): Promise<void> {
  await makeWritable(path);
  await rm(path, { recursive: true, force: true });
}

async function makeWritable(dir: string): Promise<void> {
  if (!(await lstat(dir).catch(() => undefined))?.isDirectory()) return;
  await chmod(dir, 0o755).catch(() => undefined);
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const e of entries) await makeWritable(join(dir, e));
}
