/**
 * Writes a tree some of whose files are host files (file-tree.ts's
 * SourcedTree: the Node runtime's node binary and libraries) into the
 * store, content-addressed, without reading them into memory: each host
 * file is copied into the staged tree by the kernel (copyFileSync, a
 * reflink where the filesystem has them), made read-only, and the staged
 * copies, which nobody else writes, are what the store path's hash is
 * read from. The same path and bytes as writeStorePath gives the tree
 * with the files' bytes read (write-store-path.ts): staged in a `.tmp-`
 * directory, renamed into place whole, a temporary GC root before the
 * final name is looked at. A path already at the final name is valid
 * (store-validity.ts) and the staged copy is dropped; in a session that
 * repairs, the staged tree is read and writeStorePath's install decides,
 * as for any tree: kept when it holds the tree, else replaced.
 */
import { chmodSync, constants, copyFileSync, lstatSync, mkdirSync, mkdtempSync, renameSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { contentAddressedPath, type HostFile, type SourcedTree, type TreeEntry } from "./file-tree.ts";
import type { StorePath } from "./store-path.ts";
import { addTempRoot } from "./temp-roots.ts";
import { tmpPrefix } from "./tmp-lock.ts";
import { readTree } from "./read-tree.ts";
import { repairing } from "./store-session.ts";
import { removeTree, writeNewFile } from "./stage-tree.ts";
import { install, madeValid, storeError, trustedStoreDir } from "./write-store-path.ts";

const mode = (executable: boolean) => (executable ? 0o555 : 0o444);

/** Returns the store path (as the target sees it) holding `tree`, its host files read from the host. */
export async function writeSourcedStorePath(root: string, name: string, tree: SourcedTree): Promise<StorePath> {
  const storeDir = trustedStoreDir(root);
  let tmp: string;
  try {
    tmp = mkdtempSync(join(storeDir, tmpPrefix()));
  } catch (e) {
    storeError(storeDir, e);
  }
  let storePath: StorePath;
  try {
    storePath = contentAddressedPath(name, stage(tmp, tree));
  } catch (e) {
    await removeTree(tmp);
    storeError(storeDir, e);
  }
  addTempRoot(root, storePath);
  const final = join(root, storePath);
  if (lstatSync(final, { throwIfNoEntry: false }) === undefined) {
    try {
      renameSync(tmp, final);
      return storePath;
    } catch {
      // Another build put it there meanwhile: judged below, as any tree.
    }
  }
  if (!repairing()) {
    await removeTree(tmp);
    return storePath;
  }
  const staged = readTree(tmp, "staged store path");
  await install(storeDir, tmp, final, staged);
  return madeValid(final, staged, storePath);
}

/** Writes `tree` into `tmp`, read-only; returns it with its host files standing for their copies there. */
function stage(tmp: string, tree: SourcedTree): SourcedTree {
  const copies = new Map<string, TreeEntry | HostFile>();
  const dirs = new Set<string>();
  const makeDir = (rel: string): void => {
    if (rel === "." || dirs.has(rel)) return;
    makeDir(dirname(rel));
    mkdirSync(join(tmp, rel));
    dirs.add(rel);
  };
  for (const [rel, e] of tree) {
    if (rel === "") throw new Error("a sourced store path must be a directory tree");
    const p = join(tmp, rel);
    makeDir(dirname(rel));
    if (e.kind === "symlink") symlinkSync(e.target, p);
    else if (e.kind === "file") writeNewFile(p, e.content, mode(e.executable));
    else {
      copyFileSync(e.path, p, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      chmodSync(p, mode(e.executable));
    }
    copies.set(rel, e.kind === "host-file" ? { ...e, path: p } : e);
  }
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) chmodSync(join(tmp, d), 0o555);
  chmodSync(tmp, 0o555);
  return copies;
}
