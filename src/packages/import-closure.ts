/**
 * What `--sudo` does with a generation the calling user built into a
 * staging store: copy it and everything it refers to (home generations,
 * store files, profiles, packages) into the root's store. Content-addressed
 * paths are re-hashed and a mismatch is refused; packages (input-addressed,
 * marked by their .system-manager/info.json) are copied as they are. Modes
 * are normalised on the way (read-only, no set-id bits), so nothing the
 * user staged gains privileges by being copied by root.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { readStoreTree } from "../store/import-store-path.ts";
import { treeHash } from "../store/file-tree.ts";
import { parseStorePath, storePathHash, storePathName, STORE_DIR } from "../store/store-path.ts";
import { writeStorePathAt } from "../store/write-store-path.ts";
import { references } from "./gc.ts";

export async function importClosure(fromRoot: string, toRoot: string, storePath: string): Promise<string[]> {
  const rootName = storePath.slice(STORE_DIR.length + 1);
  const pending = [rootName];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...references(fromRoot, name));
    const path = parseStorePath(`${STORE_DIR}/${name}`);
    if (existsSync(join(toRoot, path))) continue;
    const host = join(fromRoot, path);
    if (!existsSync(host)) {
      // A path named in a file but never built (gnupg in a git config that signs nothing) is not in a direct build either.
      if (name !== rootName) continue;
      throw new UserError(`Cannot import ${path}: it is not in ${fromRoot}`);
    }
    const tree = readStoreTree(host);
    const contentAddressed = treeHash(storePathName(path), tree) === storePathHash(path);
    if (!contentAddressed && !existsSync(join(host, ".system-manager", "info.json"))) {
      throw new UserError(`Cannot import ${path} from ${fromRoot}: its content does not match its hash (it was changed after it was built)`);
    }
    // Either way the path keeps its name: content-addressed ones were just verified, packages are input-addressed.
    await writeStorePathAt(toRoot, path, tree);
  }
  return [...seen];
}
