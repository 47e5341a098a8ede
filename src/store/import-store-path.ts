/**
 * Copies a store path from one root's store into another's (what `--sudo`
 * does with a generation built by the calling user), re-hashing its
 * content: a path whose content does not match its hash is refused.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { treeHash, type TreeEntry } from "./file-tree.ts";
import { parseStorePath, storePathHash, storePathName, type StorePath } from "./store-path.ts";
import { writeStorePath } from "./write-store-path.ts";

export function readStoreTree(hostPath: string): Map<string, TreeEntry> {
  const tree = new Map<string, TreeEntry>();
  const top = lstatSync(hostPath);
  // A store path that is one file (writeText) is the tree's "" entry.
  if (top.isFile()) return tree.set("", { kind: "file", content: readFileSync(hostPath), executable: (top.mode & 0o111) !== 0 });
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p, r);
      else if (st.isSymbolicLink()) tree.set(r, { kind: "symlink", target: readlinkSync(p) });
      else tree.set(r, { kind: "file", content: readFileSync(p), executable: (st.mode & 0o111) !== 0 });
    }
  };
  walk(hostPath, "");
  return tree;
}

export async function importStorePath(fromRoot: string, toRoot: string, path: string): Promise<StorePath> {
  const p = parseStorePath(path);
  const tree = readStoreTree(join(fromRoot, p));
  if (treeHash(storePathName(p), tree) !== storePathHash(p)) {
    throw new UserError(`Cannot import ${p} from ${fromRoot}: its content does not match its hash (it was changed after it was built)`);
  }
  return writeStorePath(toRoot, storePathName(p), tree);
}
