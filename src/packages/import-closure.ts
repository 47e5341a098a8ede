/**
 * What `--sudo` does with a generation the calling user built into a
 * staging store: copy it and everything it refers to (home generations,
 * store files, profiles, packages) into the root's store.
 *
 * Content-addressed paths are re-hashed and a mismatch is refused. The one
 * exception is packages: they are input-addressed (their name hashes what
 * they were made from, see ./input-path.ts), so their bytes cannot be
 * re-checked without realising them again. A path counts as a package
 * only when the verified generation's manifest lists it, or such a package
 * names it as a dependency, and it carries .system-manager/info.json; any
 * other path must match its hash, so a changed generation cannot pass by
 * adding that file. Paths are written dependencies first, so a crash
 * leaves only complete closures in the root's store. Modes are normalised
 * on the way (read-only, no set-id bits), so nothing the user staged
 * gains privileges by being copied by root.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { treeHash, type TreeEntry } from "../store/file-tree.ts";
import { readTree } from "../store/read-tree.ts";
import { parseStorePath, storePathHash, storePathName, STORE_DIR } from "../store/store-path.ts";
import { writeStorePathAt } from "../store/write-store-path.ts";
import { references, storeNames } from "./gc.ts";

const INFO = ".system-manager/info.json";
type Tree = ReadonlyMap<string, TreeEntry>;

export async function importClosure(fromRoot: string, toRoot: string, storePath: string): Promise<string[]> {
  const rootName = storePath.slice(STORE_DIR.length + 1);
  const hostOf = (name: string) => join(fromRoot, parseStorePath(`${STORE_DIR}/${name}`));
  if (!existsSync(hostOf(rootName))) throw new UserError(`Cannot import ${storePath}: it is not in ${fromRoot}`);
  const rootTree = verified(rootName, readTree(hostOf(rootName), "store path"), fromRoot);
  const packages = dependencyClosure(fromRoot, manifestPackages(rootTree));
  const order = postOrder(fromRoot, rootName);
  for (const name of order) {
    const path = parseStorePath(`${STORE_DIR}/${name}`);
    // A path named in a file but never built (gnupg in a git config that signs nothing) is not in a direct build either.
    if (existsSync(join(toRoot, path)) || !existsSync(hostOf(name))) continue;
    const tree = name === rootName ? rootTree : readTree(hostOf(name), "store path");
    // Content-addressed paths keep their name because they were verified; packages because they are input-addressed.
    await writeStorePathAt(toRoot, path, packages.has(name) && tree.has(INFO) ? tree : verified(name, tree, fromRoot));
  }
  return order;
}

function verified(name: string, tree: Tree, fromRoot: string): Tree {
  const path = `${STORE_DIR}/${name}`;
  if (treeHash(storePathName(parseStorePath(path)), tree) !== storePathHash(parseStorePath(path))) {
    throw new UserError(`Cannot import ${path} from ${fromRoot}: its content does not match its hash (it was changed after it was built)`);
  }
  return tree;
}

/** The store names of the packages a system generation's manifest lists. */
function manifestPackages(tree: Tree): string[] {
  const m = tree.get("manifest.json");
  if (m?.kind !== "file") return [];
  const manifest = JSON.parse(m.content.toString("utf8")) as { packages?: { system: { outPath: string }[]; users: Record<string, { outPath: string }[]> } };
  if (manifest.packages === undefined) return [];
  const refs = [...manifest.packages.system, ...Object.values(manifest.packages.users).flat()];
  return storeNames(refs.map((r) => r.outPath).join("\n"));
}

/** `names` and the dependencies their info.json records, transitively. */
function dependencyClosure(fromRoot: string, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  const stack = [...names];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (out.has(n)) continue;
    out.add(n);
    if (existsSync(join(hostRoot(fromRoot, n), ".system-manager", "info.json"))) stack.push(...references(fromRoot, n));
  }
  return out;
}

const hostRoot = (fromRoot: string, name: string) => join(fromRoot, STORE_DIR, name);

/** The closure of `rootName`, every path after the paths it refers to. */
function postOrder(fromRoot: string, rootName: string): string[] {
  const order: string[] = [];
  const visited = new Set<string>();
  const stack: [string, boolean][] = [[rootName, false]];
  while (stack.length > 0) {
    const [name, expanded] = stack.pop() as [string, boolean];
    if (expanded) {
      order.push(name);
      continue;
    }
    if (visited.has(name)) continue;
    visited.add(name);
    stack.push([name, true]);
    for (const r of references(fromRoot, name)) if (!visited.has(r)) stack.push([r, false]);
  }
  return order;
}
