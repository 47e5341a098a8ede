/**
 * What lets root trust the packages a `--sudo` build staged. Packages are
 * input-addressed (their name hashes what they are made from, not their
 * bytes), so their name cannot vouch for their content. The build records
 * the tree hash of every package path of the generation's closure, as it
 * is in the store then, in the generation's PACKAGE_HASHES file; the
 * generation is content-addressed, and import verifies it before reading
 * anything from it, so a package changed after the build, or a path that
 * merely claims to be a package, does not match (./import-closure.ts).
 * The paths recorded are those the manifest's packages name and their
 * dependencies (.system-manager/info.json), transitively.
 *
 * A package path never changes once written, so its hash is computed once
 * and kept in the store's TREE_HASHES directory: a rebuild reads a few
 * small files instead of every package again. The cache is only the
 * builder's: root never believes it, it hashes what it imports.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { treeHash, type FileTree, type TreeEntry } from "../store/file-tree.ts";
import { readTree } from "../store/read-tree.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { references, storeNames, TREE_HASHES } from "./gc.ts";
import type { ManifestPackages } from "./realise-profiles.ts";

/** The generation's file: store entry name → tree hash, for every package path. */
export const PACKAGE_HASHES = "package-hashes.json";

/** The store entry names of `outPaths` in `root`'s store and their dependencies, transitively. */
function packageClosure(root: string, outPaths: readonly string[]): string[] {
  const out = new Set<string>();
  const stack = storeNames(outPaths.join("\n"));
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (out.has(n) || !existsSync(join(root, STORE_DIR, n))) continue;
    out.add(n);
    if (existsSync(join(root, STORE_DIR, n, ".system-manager", "info.json"))) stack.push(...references(root, n));
  }
  return [...out].sort();
}

/** The tree hash of package entry `n` in `root`'s store: cached, else computed and cached. */
function cachedTreeHash(root: string, n: string): string {
  const dir = join(root, STORE_DIR, TREE_HASHES);
  try {
    const known = readFileSync(join(dir, n), "utf8");
    if (/^[0-9a-df-np-sv-z]{32}$/.test(known)) return known;
  } catch {
    // Not cached yet.
  }
  const hash = entryTreeHash(n, readTree(join(root, STORE_DIR, n), "package"));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const tmp = join(dir, `.${n}.${process.pid}`);
    writeFileSync(tmp, hash, { mode: 0o444 });
    renameSync(tmp, join(dir, n));
  } catch {
    // A cache that cannot be written costs only hashing again next time.
  }
  return hash;
}

/** The tree hash of a store entry as `treeHash` computes it for its name (`<hash>-<name>` → name). */
export function entryTreeHash(entry: string, tree: FileTree): string {
  return treeHash(entry.slice(33), tree);
}

/**
 * The PACKAGE_HASHES file of a generation whose manifest lists `packages`,
 * as they are in `root`'s store now; `named` adds the packages its files
 * name without installing them (gnupg in a git config), which import meets
 * as references.
 */
export function packageHashesFile(root: string, packages: ManifestPackages, named: readonly string[] = []): TreeEntry {
  // Of the paths named, packages only (they carry info.json): others are content-addressed or written later by this build.
  const namedPackages = named.filter((p) => existsSync(join(root, p, ".system-manager", "info.json")));
  const outPaths = [...packages.system, ...Object.values(packages.users).flat()].map((p) => p.outPath).concat(namedPackages);
  const hashes: Record<string, string> = {};
  for (const n of packageClosure(root, outPaths)) hashes[n] = cachedTreeHash(root, n);
  return { kind: "file", content: Buffer.from(JSON.stringify(hashes, null, 2) + "\n"), executable: false };
}

/** The hashes a (verified) generation tree records; none when it has no PACKAGE_HASHES file. */
export function recordedPackageHashes(generation: FileTree, where: string): ReadonlyMap<string, string> {
  const e = generation.get(PACKAGE_HASHES);
  if (e?.kind !== "file") return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(e.content.toString("utf8"));
  } catch (err) {
    throw new UserError(`Cannot read ${where}/${PACKAGE_HASHES}: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) {
    throw new UserError(`Cannot read ${where}/${PACKAGE_HASHES}: expected an object of store names and hashes`);
  }
  return new Map(Object.entries(parsed as Record<string, string>));
}
