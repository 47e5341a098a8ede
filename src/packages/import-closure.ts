/**
 * What `--sudo` does with a generation the calling user built into a
 * staging store: copy it and everything it refers to (home generations,
 * store files, profiles, packages) into the root's store.
 *
 * Root trusts nothing the user staged without checking it: every path is
 * read and checked, and its references are taken from what was checked;
 * the whole closure is checked before the first write, and each path is
 * checked again as it is copied (it is read anew).
 * The generation, and every other content-addressed path, must match the
 * hash in its name, always. A package is input-addressed (its name does
 * not vouch for its bytes), so it must match the tree hash the verified
 * generation recorded for it when it was built (./package-hashes.ts): a
 * package changed after the build is refused, and so is any path the
 * generation did not record as a package, whatever its info.json says.
 * Paths are written dependencies first, so a crash leaves only complete
 * closures in the root's store. Modes are normalised on the way
 * (read-only, no set-id bits), so nothing the user staged gains
 * privileges by being copied by root. Each path of the closure is a
 * temporary GC root of the importing process (src/store/temp-roots.ts)
 * before it is found in the root's store or copied.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { TreeEntry } from "../store/file-tree.ts";
import { readTree } from "../store/read-tree.ts";
import { parseStorePath, storeEntryName, storePathHash, STORE_DIR } from "../store/store-path.ts";
import { keptInStore, writeStorePathAt } from "../store/write-store-path.ts";
import { storeNames } from "./gc.ts";
import { scannedReferences } from "../store/known-references.ts";
import { entryTreeHash, recordedPackageHashes } from "./package-hashes.ts";

const INFO = ".system-manager/info.json";
type Tree = ReadonlyMap<string, TreeEntry>;

interface Frame {
  readonly name: string;
  /** Whether it is to be copied (not when it is in the root's store already, or was never built). */
  readonly copy: boolean;
  readonly pending: string[];
}

/** Imports the closure of `storePath`; returns its store entry names, every one after those it refers to. */
export async function importClosure(fromRoot: string, toRoot: string, storePath: string): Promise<string[]> {
  const rootName = storeEntryName(parseStorePath(storePath));
  const pathOf = (name: string) => parseStorePath(`${STORE_DIR}/${name}`);
  const hostOf = (name: string) => join(fromRoot, pathOf(name));
  if (!existsSync(hostOf(rootName))) throw new UserError(`Cannot import ${storePath}: it is not in ${fromRoot}`);
  let recorded: ReadonlyMap<string, string> = new Map();
  const read = (name: string) => checked(name, readTree(hostOf(name), "store path"), recorded, fromRoot);
  const frame = (name: string): Frame => {
    // A path in the root's store came with its closure; one named in a file but never built (gnupg in a git config that signs nothing) has none.
    if (keptInStore(toRoot, pathOf(name)) || !existsSync(hostOf(name))) return { name, copy: false, pending: [] };
    const tree = read(name);
    if (name === rootName) recorded = recordedPackageHashes(tree, storePath);
    return { name, copy: true, pending: treeReferences(name, tree, fromRoot) };
  };
  const top = frame(rootName);
  const order: string[] = [];
  const copies: string[] = [];
  const seen = new Set([rootName]);
  const stack = [top];
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const next = f.pending.pop();
    if (next !== undefined) {
      if (!seen.has(next)) stack.push(frame(next));
      seen.add(next);
      continue;
    }
    stack.pop();
    order.push(f.name);
    if (f.copy) copies.push(f.name);
  }
  for (const name of copies) await writeStorePathAt(toRoot, pathOf(name), read(name));
  return order;
}

/** `tree`, when it is the content `name` stands for: its content address, or the hash the generation recorded for the package. */
function checked(name: string, tree: Tree, recorded: ReadonlyMap<string, string>, fromRoot: string): Tree {
  const hash = entryTreeHash(name, tree);
  if (hash === storePathHash(parseStorePath(`${STORE_DIR}/${name}`))) return tree;
  const expected = recorded.get(name);
  if (expected === hash) return tree;
  const what = expected === undefined ? "its hash" : "the hash its generation recorded for this package";
  throw new UserError(`Cannot import ${STORE_DIR}/${name} from ${fromRoot}: its content does not match ${what} (it was changed after it was built)`);
}

/** The store entries a checked tree refers to: those its info.json records, else those its links and small files name. */
function treeReferences(name: string, tree: Tree, fromRoot: string): string[] {
  const info = tree.get(INFO);
  const found = new Set<string>();
  if (info?.kind === "file") {
    let refs: unknown;
    try {
      refs = (JSON.parse(info.content.toString("utf8")) as { references?: unknown }).references;
    } catch (e) {
      throw new UserError(`Cannot import ${STORE_DIR}/${name} from ${fromRoot}: its ${INFO} is not JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(refs)) throw new UserError(`Cannot import ${STORE_DIR}/${name} from ${fromRoot}: its ${INFO} has no list of references`);
    storeNames(refs.filter((r) => typeof r === "string").join("\n")).forEach((n) => found.add(n));
  } else {
    for (const n of scannedReferences(name, tree)) found.add(n);
  }
  found.delete(name);
  return [...found].sort().reverse();
}
