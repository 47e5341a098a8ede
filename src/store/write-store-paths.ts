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
 *   - a new one-file path is made whole under another name and then
 *     given its final name: linked from the staged copy of the next
 *     directory tree of the batch that holds the same bytes with the same
 *     mode (a generation's home-files entry, which would be hard-linked
 *     from it anyway), else written, read-only, into one temporary
 *     directory of the batch (`.tmp-<writer>-…`, which gc and the next
 *     build remove when the writer is gone) and renamed from there. So a
 *     large home's text is one new file, not a file renamed and then
 *     linked; a killed batch leaves no partial path under a final name,
 *     and running it again writes what is missing. A rename that cannot
 *     replace what is at the final name (a damaged directory) goes
 *     through writeStorePath's install, which moves it aside.
 *
 * Paths are in place in the order given: the one-file paths before a
 * directory tree are placed before it is renamed into place, so a tree
 * that refers to earlier ones (a generation naming its files) comes after
 * them; a directory tree is staged as writeStorePath stages it, its files
 * hard-linked from the store's one-file paths with the same bytes
 * (stage-tree.ts).
 */
import { linkSync, mkdtempSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { contentAddressedPath, type FileTree, type TreeEntry } from "./file-tree.ts";
import { storeEntryName, type StorePath } from "./store-path.ts";
import { addTempRoots } from "./temp-roots.ts";
import { trustedListed } from "./store-validity.ts";
import { tmpPrefix } from "./tmp-lock.ts";
import { removeTree, stageDirectory, stageFile, tmpFileName } from "./stage-tree.ts";
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
  // New one-file paths not yet placed, in order: placed before the next directory tree is renamed into place, or at the end.
  let pending: { final: string; tree: FileTree; single: TreeEntry & { kind: "file" }; storePath: StorePath; index: number }[] = [];
  /** Places the pending paths, in order: linked from a file `staged` wrote with the same bytes and mode, else written. */
  const place = async (staged?: ReadonlyMap<Buffer, { path: string; executable: boolean }>) => {
    for (const p of pending) {
      const from = staged?.get(p.single.content);
      if (from === undefined || from.executable !== p.single.executable || !linked(from.path, p.final)) {
        batchDir ??= newTemporary(storeDir, fail);
        const tmp = stageFile(join(batchDir, String(p.index)), p.single, fail);
        try {
          // A file replaces whatever file is at the final name at once: the same bytes, or a damaged copy.
          renameSync(tmp, p.final);
        } catch {
          await install(storeDir, tmp, p.final, p.tree);
        }
      }
      madeValid(p.final, p.tree, p.storePath);
    }
    pending = [];
  };
  try {
    for (const [i, storePath] of paths.entries()) {
      const { tree } = trees[i] as NamedTree;
      if (done.has(storePath)) continue;
      done.add(storePath);
      const name = storeEntryName(storePath);
      // join(root, storePath), its name being one component.
      const final = `${storeDir}/${name}`;
      if (present.has(name) && trustedListed(final, tree)) {
        madeValid(final, tree, storePath);
        continue;
      }
      const single = tree.get("");
      if (single?.kind === "file") {
        pending.push({ final, tree, single, storePath, index: i });
        continue;
      }
      if (single !== undefined) {
        // One symbolic link: after the files before it, as a tree would be.
        await place();
        await install(storeDir, stageFile(tmpFileName(storeDir), single, fail), final, tree);
        madeValid(final, tree, storePath);
        continue;
      }
      const wanted = new Set(pending.map((p) => p.single.content));
      const staged = new Map<Buffer, { path: string; executable: boolean }>();
      const tmp = await stageDirectory(storeDir, tree, fail, (content, path, executable) => {
        if (wanted.has(content) && !staged.has(content)) staged.set(content, { path, executable });
      });
      await place(staged);
      await install(storeDir, tmp, final, tree);
      madeValid(final, tree, storePath);
    }
    await place();
  } finally {
    // Empty once every file is renamed; what a failure left in it goes with it.
    if (batchDir !== undefined) await removeTree(batchDir);
  }
  return paths;
}

/**
 * Gives the file at `from` (whole, read-only, in a staged tree) the name
 * `final` too: a new one-file store path, complete the moment it is
 * there, as a rename makes it. False when that cannot be done (another
 * filesystem, a link limit, something at `final`): it is written instead.
 */
function linked(from: string, final: string): boolean {
  try {
    linkSync(from, final);
    return true;
  } catch {
    return false;
  }
}

function newTemporary(storeDir: string, fail: (e: unknown) => never): string {
  try {
    return mkdtempSync(join(storeDir, tmpPrefix()));
  } catch (e) {
    fail(e);
  }
}
