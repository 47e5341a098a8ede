/**
 * Reads a file, symlink or directory on the host into a FileTree: a
 * directory is walked recursively in sorted order, symlinks are kept as
 * links (never followed), a single file is the tree's "" entry. Anything
 * else (a device, a FIFO) or an unreadable path is a user error naming it.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { TreeEntry } from "./file-tree.ts";

/** The tree at `path`; `what` names it in errors ("source", "store path"). */
export function readTree(path: string, what: string): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const visit = (abs: string, rel: string) => {
    let st;
    try {
      st = lstatSync(abs);
    } catch (e) {
      throw new UserError(`Cannot read ${what} '${abs}': ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
    }
    if (st.isSymbolicLink()) out.set(rel, { kind: "symlink", target: readlinkSync(abs) });
    else if (st.isDirectory()) for (const name of readdirSync(abs).sort()) visit(join(abs, name), rel === "" ? name : `${rel}/${name}`);
    else if (st.isFile()) out.set(rel, { kind: "file", content: readFileSync(abs), executable: (st.mode & 0o111) !== 0 });
    else throw new UserError(`Cannot read ${what} '${abs}': it is not a regular file, directory or symlink`);
  };
  visit(path, "");
  return out;
}
