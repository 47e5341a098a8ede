/**
 * Reads `source` paths of /etc entries from the build machine's
 * filesystem: a file, or a directory walked recursively (symlinks kept as
 * links). A missing source is a user error naming the path.
 */
import { readTree } from "../store/read-tree.ts";
import type { SourceReader } from "./generation-spec.ts";

export const readSourceFromDisk: SourceReader = (path) => readTree(path, "source");
