/**
 * The fetch cache's index (CACHE/index.json): what an unlocked ref
 * resolved to and when (a GitHub branch's commit, a tarball URL's ETag
 * and tree), and which store path holds a locked tree (a commit of a
 * repository). Entries of unlocked refs are fresh for the TTL unless
 * --refresh; --offline takes them at any age. Written by temp file and
 * rename; an unreadable index counts as empty.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FetchContext } from "./fetch-context.ts";

export interface TreeInfo {
  /** The store path (as the target sees it). */
  readonly storePath: string;
  readonly narHash: string;
  readonly lastModified?: number;
  readonly rev?: string;
  readonly revCount?: number;
}

export interface RefEntry {
  /** Seconds since the epoch when it was resolved. */
  readonly time: number;
  readonly rev?: string;
  /** A git ref the default branch resolved to ("master"). */
  readonly ref?: string;
  readonly etag?: string;
  readonly lastModifiedHeader?: string;
  readonly tree?: TreeInfo;
}

interface Index {
  version: 1;
  refs: Record<string, RefEntry>;
  trees: Record<string, TreeInfo>;
}

function file(ctx: FetchContext): string {
  return join(ctx.cacheDir, "index.json");
}

function load(ctx: FetchContext): Index {
  try {
    const j = JSON.parse(readFileSync(file(ctx), "utf8")) as Index;
    if (j.version === 1 && typeof j.refs === "object" && typeof j.trees === "object") return j;
  } catch {
    // A missing or damaged index is an empty one: everything is fetched again.
  }
  return { version: 1, refs: {}, trees: {} };
}

function save(ctx: FetchContext, index: Index): void {
  mkdirSync(ctx.cacheDir, { recursive: true });
  const tmp = `${file(ctx)}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(index));
  renameSync(tmp, file(ctx));
}

/** A resolution of `key`, if any; `fresh` says whether it may be used without asking the server again. */
export function cachedRef(ctx: FetchContext, key: string): { entry: RefEntry; fresh: boolean } | undefined {
  const entry = load(ctx).refs[key];
  if (entry === undefined) return undefined;
  return { entry, fresh: ctx.offline || (!ctx.refresh && ctx.now() - entry.time < ctx.ttl) };
}

export function storeRef(ctx: FetchContext, key: string, entry: RefEntry): void {
  const index = load(ctx);
  index.refs[key] = entry;
  save(ctx, index);
}

export function cachedTree(ctx: FetchContext, key: string): TreeInfo | undefined {
  return load(ctx).trees[key];
}

export function storeTree(ctx: FetchContext, key: string, tree: TreeInfo): void {
  const index = load(ctx);
  index.trees[key] = tree;
  save(ctx, index);
}
