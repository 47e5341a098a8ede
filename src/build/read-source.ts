/**
 * Reads `source` paths of /etc entries from the build machine's
 * filesystem: a file, or a directory walked recursively (symlinks kept as
 * links). A missing source is a user error naming the path.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { TreeEntry } from "../store/file-tree.ts";
import type { SourceReader } from "./generation-spec.ts";

export const readSourceFromDisk: SourceReader = (path) => {
  const out = new Map<string, TreeEntry>();
  const visit = (abs: string, rel: string) => {
    let st;
    try {
      st = lstatSync(abs);
    } catch (e) {
      throw new UserError(`Cannot read source '${abs}': ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
    }
    if (st.isSymbolicLink()) out.set(rel, { kind: "symlink", target: readlinkSync(abs) });
    else if (st.isDirectory()) for (const name of readdirSync(abs).sort()) visit(join(abs, name), rel === "" ? name : `${rel}/${name}`);
    else if (st.isFile()) out.set(rel, { kind: "file", content: readFileSync(abs), executable: (st.mode & 0o111) !== 0 });
    else throw new UserError(`Cannot read source '${abs}': it is not a regular file, directory or symlink`);
  };
  visit(path, "");
  return out;
};
