/**
 * `tarball` and `file` inputs: an archive (unpacked, its top directory
 * stripped) or a single file at an http(s) or file URL. The index keeps
 * the URL's tree with its ETag and Last-Modified: within the TTL it is
 * used as is, after it a conditional request may answer 304; --offline
 * takes it at any age and fails without it.
 */
import { join } from "node:path";
import type { TarballRef } from "../../nix/flake-ref/flake-ref.ts";
import type { FetchContext } from "./fetch-context.ts";
import { FetchError, HashMismatch } from "./fetch-error.ts";
import { cachedRef, storeRef, type TreeInfo } from "./fetch-index.ts";
import { fetchedTree, type FetchedTree } from "./fetched-tree.ts";
import { hashStaged, inStore, installStaged, removeStaging, stagingDir } from "./source-store.ts";
import { httpGet, saveBody } from "./download.ts";
import { unpackArchive } from "./unpack.ts";

function lockedOf(ref: TarballRef, info: TreeInfo): TarballRef {
  return { type: ref.type, url: ref.url, narHash: info.narHash, ...(ref.dir !== undefined ? { dir: ref.dir } : {}) };
}

export async function fetchTarball(ctx: FetchContext, ref: TarballRef): Promise<FetchedTree> {
  const key = `${ref.type}:${ref.url}`;
  const cached = cachedRef(ctx, key);
  const have = cached?.entry.tree !== undefined && inStore(ctx, cached.entry.tree.storePath) ? cached.entry.tree : undefined;
  const matches = have !== undefined && (ref.narHash === undefined || have.narHash === ref.narHash);
  if (have !== undefined && matches && cached?.fresh === true) return fetchedTree(ctx, lockedOf(ref, have), have);
  if (ctx.offline) throw new FetchError(`cannot download '${ref.url}' while offline, and it is not in the cache`);
  const headers: Record<string, string> = {};
  if (have !== undefined && matches && cached?.entry.etag !== undefined) headers["If-None-Match"] = cached.entry.etag;
  if (have !== undefined && matches && cached?.entry.lastModifiedHeader !== undefined) headers["If-Modified-Since"] = cached.entry.lastModifiedHeader;
  const res = await httpGet(ctx, ref.url, headers);
  if (res.status === 304 && have !== undefined) {
    storeRef(ctx, key, { ...cached?.entry, time: ctx.now() });
    return fetchedTree(ctx, lockedOf(ref, have), have);
  }
  const staging = stagingDir(ctx);
  try {
    const download = join(staging, "download");
    await saveBody(ctx, ref.url, res, download);
    let tree = download;
    let lastModified: number | undefined;
    if (ref.type === "tarball") ({ top: tree, lastModified } = unpackArchive(download, join(staging, "unpacked"), ref.url));
    const { sri, digest } = hashStaged(tree);
    if (ref.narHash !== undefined && ref.narHash !== sri) throw new HashMismatch(ref.narHash, sri);
    const storePath = installStaged(ctx, tree, digest);
    const info: TreeInfo = { storePath, narHash: sri, ...(lastModified !== undefined ? { lastModified } : {}) };
    const etag = res.headers.get("etag");
    const lm = res.headers.get("last-modified");
    storeRef(ctx, key, { time: ctx.now(), tree: info, ...(etag !== null ? { etag } : {}), ...(lm !== null ? { lastModifiedHeader: lm } : {}) });
    return fetchedTree(ctx, lockedOf(ref, info), info);
  } finally {
    removeStaging(staging);
  }
}
