/**
 * What a fetcher returns: the locked reference (what the lock records),
 * the tree's store path and its place on this machine, and the source
 * information Nix gives an input (narHash, lastModified, rev, revCount).
 */
import type { FlakeRef } from "../../nix/flake-ref/flake-ref.ts";
import type { TreeInfo } from "./fetch-index.ts";
import type { FetchContext } from "./fetch-context.ts";
import { hostPath } from "./source-store.ts";

export interface FetchedTree {
  readonly locked: FlakeRef;
  readonly storePath: string;
  /** The tree on this machine (under the store root). */
  readonly path: string;
  readonly narHash: string;
  readonly lastModified?: number;
  readonly rev?: string;
  readonly revCount?: number;
}

export function fetchedTree(ctx: FetchContext, locked: FlakeRef, info: TreeInfo): FetchedTree {
  return {
    locked,
    storePath: info.storePath,
    path: hostPath(ctx, info.storePath),
    narHash: info.narHash,
    ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
    ...(info.rev !== undefined ? { rev: info.rev } : {}),
    ...(info.revCount !== undefined ? { revCount: info.revCount } : {}),
  };
}
