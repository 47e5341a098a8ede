/**
 * `path:` inputs: the directory (or file) copied into the store, as Nix
 * does, and locked by its narHash; lastModified is the newest mtime in
 * the tree (Nix 2.8's). A relative path is relative to the directory of
 * the flake that names it. The tree is hashed where it is first, so an
 * unchanged tree already in the store is not copied again (and a tree
 * whose files all have the stat they had when last hashed is not read
 * again: ./path-tree-hash.ts); a copy is hashed once more, and a tree
 * that changed meanwhile is refused.
 */
import { cpSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PathRef } from "../../nix/flake-ref/flake-ref.ts";
import type { FetchContext } from "./fetch-context.ts";
import { FetchError, HashMismatch } from "./fetch-error.ts";
import { fetchedTree, type FetchedTree } from "./fetched-tree.ts";
import { pathTreeHash } from "./path-tree-hash.ts";
import { hashStaged, inStore, installStaged, removeStaging, stagingDir } from "./source-store.ts";
import { sourceStorePath } from "./source-path.ts";

export function fetchPath(ctx: FetchContext, ref: PathRef, base: string): FetchedTree {
  const abs = resolve(base, ref.path);
  if (!existsSync(abs)) throw new FetchError(`path '${abs}' does not exist`);
  const { sri, digest, lastModified } = pathTreeHash(abs, ctx.cacheDir);
  if (ref.narHash !== undefined && ref.narHash !== sri) throw new HashMismatch(ref.narHash, sri);
  const locked: PathRef = { type: "path", path: ref.path, lastModified, narHash: sri, ...(ref.dir !== undefined ? { dir: ref.dir } : {}) };
  const known = sourceStorePath(digest);
  if (inStore(ctx, known)) return fetchedTree(ctx, locked, { storePath: known, narHash: sri, lastModified });
  const staging = stagingDir(ctx);
  try {
    const copy = join(staging, "source");
    cpSync(abs, copy, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    const copied = hashStaged(copy);
    if (copied.sri !== sri) throw new FetchError(`path '${abs}' changed while it was copied into the store`);
    const storePath = installStaged(ctx, copy, digest);
    return fetchedTree(ctx, locked, { storePath, narHash: sri, lastModified });
  } finally {
    removeStaging(staging);
  }
}
