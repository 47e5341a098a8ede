/**
 * Reads `source` paths of /etc entries from the build machine's
 * filesystem: a file, or a directory walked recursively (symlinks kept as
 * links). A missing source is a user error naming the path. Store copies
 * an evaluation made are read from memory; other store paths (builders'
 * outputs, realised before the generation is computed) from the store
 * under the build's root, their links followed inside that root.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { contentAddressedPath, type FileTree, type TreeEntry } from "../store/file-tree.ts";
import { readTree } from "../store/read-tree.ts";
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../store/store-path.ts";
import type { SourceReader } from "./generation-spec.ts";
import { resolveInRoot } from "../packages/rooted-path.ts";

export const readSourceFromDisk: SourceReader = (path) => readTree(path, "source");

/**
 * `read`, except that a path inside a store copy the evaluation made (a
 * flake's "${./file}") is read from that copy: it is written to the store
 * only with the generation, so it is not on disk yet. Evaluation is lazy,
 * so copies may still be added while sources are read.
 */
export function readingStoreCopies(read: SourceReader, copies: readonly { readonly name: string; readonly tree: FileTree }[], root?: string): SourceReader {
  const byPath = new Map<string, FileTree>();
  let indexed = 0;
  return (path) => {
    if (!path.startsWith(`${STORE_DIR}/`)) return read(path);
    for (; indexed < copies.length; indexed++) {
      const c = copies[indexed] as { name: string; tree: FileTree };
      byPath.set(contentAddressedPath(c.name, c.tree), c.tree);
    }
    const top = path.split("/").slice(0, STORE_DIR.split("/").length + 1).join("/");
    const tree = byPath.get(top);
    if (tree === undefined) {
      const st = root === undefined ? undefined : lstatSync(join(root, top), { throwIfNoEntry: false });
      if (root === undefined || st === undefined) return read(path);
      // A store path that is one symbolic link (mkOutOfStoreSymlink's) is that link, never followed: its target is outside the store, and may not be there yet.
      if (st.isSymbolicLink() && path === top) return readTree(join(root, top), "source");
      return readTree(resolveInRoot(root, path)?.path ?? join(root, path), "source");
    }
    const rel = path.slice(top.length + 1);
    if (rel === "") return tree;
    const sub = new Map<string, TreeEntry>();
    for (const [k, e] of tree) if (k === rel || k.startsWith(`${rel}/`)) sub.set(k.slice(rel.length + 1), e);
    if (sub.size === 0) throw new UserError(`Cannot read source '${path}': no such file or directory`);
    return sub;
  };
}
