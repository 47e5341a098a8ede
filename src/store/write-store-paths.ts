/**
 * Writes many store paths at once, as a build writes a large home's
 * thousands of one-file text paths (home-manager's writeText) and then the
 * generations that name them; the same store paths and bytes as
 * writeStorePath one by one (write-store-path.ts), with the per-path
 * round trips paid once for the whole batch:
 *
 *   - every path is registered as a temporary GC root in one append, and
 *     a gc in progress is waited out once (temp-roots.ts), before any of
 *     them is looked at;
 *   - the store directory is listed once: a path not there is written
 *     without looking at it first; one there is valid as it is
 *     (store-validity.ts), or, in a session that repairs, only when it
 *     holds its tree (else it is written afresh);
 *   - a new one-file path is written, read-only, into one temporary
 *     directory of the batch (`.tmp-<writer>-…`, which gc and the next
 *     build remove when the writer is gone) and renamed into place from
 *     there, whole: a killed batch leaves no partial path under a final
 *     name, and running it again writes what is missing. A rename that
 *     cannot replace what is at the final name (a damaged directory)
 *     goes through writeStorePath's install, which moves it aside.
 *
 * Paths are written in the order given, so a tree that refers to earlier
 * ones (a generation naming its files) is renamed into place after them;
 * a directory tree is staged as writeStorePath stages it, its files
 * hard-linked from the batch's one-file paths with the same bytes
 * (stage-tree.ts).
 */
import { mkdtempSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { contentAddressedPath, type FileTree } from "./file-tree.ts";
import { storeEntryName, type StorePath } from "./store-path.ts";
import { addTempRoots } from "./temp-roots.ts";
import { trustedListed } from "./store-validity.ts";
import { tmpPrefix } from "./tmp-lock.ts";
import { removeTree, stageDirectory, stageFile } from "./stage-tree.ts";
import { checkTreeShape, install, madeValid, storeError, trustedStoreDir } from "./write-store-path.ts";

export interface NamedTree {
  readonly name: string;
  readonly tree: FileTree;
  /** Its content address (contentAddressedPath(name, tree)) when the caller has it already: not hashed again. */
  readonly path?: StorePath;
}

/** Writes each tree (content-addressed under its name) into the store under `root`; returns their store paths, in order. */
export async function writeStorePaths(root: string, trees: readonly NamedTree[]): Promise<StorePath[]> {
  const paths = trees.map((t) => t.path ?? contentAddressedPath(t.name, t.tree));
  for (const [i, p] of paths.entries()) checkTreeShape(p, (trees[i] as NamedTree).tree);
  const storeDir = trustedStoreDir(root);
  const fail = (e: unknown) => storeError(storeDir, e);
  // Roots of this process before any path is looked at (temp-roots.ts): gc keeps them from here on.
  addTempRoots(root, paths);
  const present = new Set(readdirSync(storeDir));
  let batchDir: string | undefined;
  const done = new Set<string>();
  try {
    for (const [i, storePath] of paths.entries()) {
      const { tree } = trees[i] as NamedTree;
      const final = join(root, storePath);
      if (done.has(storePath)) continue;
      done.add(storePath);
      if (present.has(storeEntryName(storePath)) && trustedListed(final, tree)) {
        madeValid(final, tree, storePath);
        continue;
      }
      const single = tree.get("");
      if (single === undefined) {
        await install(storeDir, await stageDirectory(storeDir, tree, fail), final, tree);
        madeValid(final, tree, storePath);
        continue;
      }
      batchDir ??= newTemporary(storeDir, fail);
      const tmp = stageFile(join(batchDir, String(i)), single, fail);
      try {
        // A file replaces whatever file is at the final name at once: the same bytes, or a damaged copy.
        renameSync(tmp, final);
      } catch {
        await install(storeDir, tmp, final, tree);
      }
      madeValid(final, tree, storePath);
    }
  } finally {
    // Empty once every file is renamed; what a failure left in it goes with it.
    if (batchDir !== undefined) await removeTree(batchDir);
  }
  return paths;
}

function newTemporary(storeDir: string, fail: (e: unknown) => never): string {
  try {
    return mkdtempSync(join(storeDir, tmpPrefix()));
  } catch (e) {
    fail(e);
  }
}
