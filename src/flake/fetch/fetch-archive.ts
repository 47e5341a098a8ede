/**
 * Downloads an archive at a URL that names one fixed tree (a commit's
 * archive) into the store: unpacked, top directory stripped, its narHash
 * checked against what the lock expects before anything is installed.
 */
import { join } from "node:path";
import type { FetchContext } from "./fetch-context.ts";
import { HashMismatch } from "./fetch-error.ts";
import type { TreeInfo } from "./fetch-index.ts";
import { hashStaged, installStaged, removeStaging, stagingDir } from "./source-store.ts";
import { httpGet, saveBody } from "./download.ts";
import { unpackArchive } from "./unpack.ts";

export async function fetchArchive(ctx: FetchContext, url: string, expected: string | undefined, headers: Readonly<Record<string, string>> = {}): Promise<TreeInfo> {
  const res = await httpGet(ctx, url, headers);
  const staging = stagingDir(ctx);
  try {
    const download = join(staging, "download");
    await saveBody(ctx, url, res, download);
    const { top, lastModified } = unpackArchive(download, join(staging, "unpacked"), url);
    const { sri, digest } = hashStaged(top);
    if (expected !== undefined && expected !== sri) throw new HashMismatch(expected, sri);
    return { storePath: installStaged(ctx, top, digest), narHash: sri, lastModified };
  } finally {
    removeStaging(staging);
  }
}
