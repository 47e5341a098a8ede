/**
 * `git+…` inputs through the real git: a bare clone per repository URL in
 * the cache (CACHE/git/<hash>), fetched (branches and tags) when a ref's
 * resolution is older than the TTL or a locked revision is missing; the
 * revision exported with `git archive` into the store. The default
 * branch is the remote HEAD's (recorded in the lock as Nix 2.8 does:
 * "master"). rev, revCount and lastModified (the commit time) come from
 * the clone.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { GitRef } from "../../nix/flake-ref/flake-ref.ts";
import type { FetchContext } from "./fetch-context.ts";
import { FetchError, HashMismatch } from "./fetch-error.ts";
import { cachedRef, cachedTree, storeRef, storeTree, type TreeInfo } from "./fetch-index.ts";
import { fetchedTree, type FetchedTree } from "./fetched-tree.ts";
import { hashStaged, inStore, installStaged, removeStaging, stagingDir } from "./source-store.ts";
import { unpackArchive } from "./unpack.ts";

const ENV = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" };

function git(args: string[], what: string): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", env: ENV, stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (e) {
    const err = String((e as { stderr?: string }).stderr ?? "").trim();
    throw new FetchError(`${what}: ${err || (e as Error).message}`);
  }
}

function tryGit(args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { encoding: "utf8", env: ENV, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

function cloneOf(ctx: FetchContext, url: string): string {
  const dir = join(ctx.cacheDir, "git", createHash("sha256").update(url).digest("hex").slice(0, 32));
  if (!existsSync(dir)) {
    mkdirSync(join(ctx.cacheDir, "git"), { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    git(["init", "--quiet", "--bare", tmp], `cannot create a git cache for '${url}'`);
    renameSync(tmp, dir);
  }
  return dir;
}

function fetchAll(ctx: FetchContext, clone: string, url: string): void {
  ctx.progress(`fetching Git repository '${url}'\n`);
  git(["--git-dir", clone, "fetch", "--quiet", "--force", "--prune", "--", url, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], `cannot fetch Git repository '${url}'`);
}

function defaultBranch(url: string): string {
  const out = git(["ls-remote", "--symref", "--", url, "HEAD"], `cannot read the default branch of Git repository '${url}'`);
  const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
  if (m === null) throw new FetchError(`Git repository '${url}' has no default branch (HEAD)`);
  return m[1] as string;
}

function revOf(clone: string, ref: string): string | undefined {
  for (const r of [`refs/heads/${ref}`, `refs/tags/${ref}`, ref]) {
    const rev = tryGit(["--git-dir", clone, "rev-parse", "--verify", "--quiet", `${r}^{commit}`]);
    if (rev !== undefined && rev !== "") return rev;
  }
  return undefined;
}

function hasRev(clone: string, rev: string): boolean {
  return tryGit(["--git-dir", clone, "cat-file", "-e", `${rev}^{commit}`]) !== undefined;
}

function exportRev(ctx: FetchContext, clone: string, url: string, rev: string, expected: string | undefined): TreeInfo {
  const staging = stagingDir(ctx);
  try {
    const tar = join(staging, "export.tar");
    git(["--git-dir", clone, "archive", "--format=tar", "--prefix=source/", "-o", tar, rev], `cannot export revision ${rev} of '${url}'`);
    const { top } = unpackArchive(tar, join(staging, "unpacked"), url);
    const { sri, digest } = hashStaged(top);
    if (expected !== undefined && expected !== sri) throw new HashMismatch(expected, sri);
    const lastModified = Number(git(["--git-dir", clone, "log", "-1", "--format=%ct", rev], "cannot read the commit time"));
    const revCount = Number(git(["--git-dir", clone, "rev-list", "--count", rev], "cannot count revisions"));
    return { storePath: installStaged(ctx, top, digest), narHash: sri, lastModified, rev, revCount };
  } finally {
    removeStaging(staging);
  }
}

export async function fetchGit(ctx: FetchContext, ref: GitRef): Promise<FetchedTree> {
  if (ref.submodules === true) throw new FetchError("Git submodules are not supported yet");
  const url = ref.url;
  let rev = ref.rev;
  let branch = ref.ref;
  if (rev === undefined) {
    const key = `git:${url}:${ref.ref ?? "HEAD"}`;
    const cached = cachedRef(ctx, key);
    if (cached?.fresh === true && cached.entry.rev !== undefined) {
      rev = cached.entry.rev;
      branch ??= cached.entry.ref;
    } else {
      if (ctx.offline) throw new FetchError(`cannot fetch Git repository '${url}' while offline, and '${ref.ref ?? "HEAD"}' is not in the cache`);
      branch ??= defaultBranch(url);
      const clone = cloneOf(ctx, url);
      fetchAll(ctx, clone, url);
      rev = revOf(clone, branch);
      if (rev === undefined) throw new FetchError(`cannot find Git ref '${branch}' in repository '${url}'`);
      storeRef(ctx, key, { time: ctx.now(), rev, ref: branch });
    }
  }
  const key = `git:${url}:${rev}`;
  let info = cachedTree(ctx, key);
  if (info !== undefined && !inStore(ctx, info.storePath)) info = undefined;
  if (info !== undefined && ref.narHash !== undefined && info.narHash !== ref.narHash) throw new HashMismatch(ref.narHash, info.narHash);
  if (info === undefined) {
    const clone = cloneOf(ctx, url);
    if (!hasRev(clone, rev)) {
      if (ctx.offline) throw new FetchError(`cannot fetch revision ${rev} of Git repository '${url}' while offline, and it is not in the cache`);
      fetchAll(ctx, clone, url);
      if (!hasRev(clone, rev)) tryGit(["--git-dir", clone, "fetch", "--quiet", "--", url, rev]);
      if (!hasRev(clone, rev)) throw new FetchError(`Cannot find Git revision '${rev}' in ref '${branch ?? "HEAD"}' of repository '${url}'`);
    }
    info = exportRev(ctx, clone, url, rev, ref.narHash);
    storeTree(ctx, key, info);
  }
  const locked: GitRef = {
    type: "git",
    url,
    ...(branch !== undefined ? { ref: branch } : {}),
    rev,
    narHash: info.narHash,
    ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
    ...(info.revCount !== undefined ? { revCount: info.revCount } : {}),
    ...(ref.shallow !== undefined ? { shallow: ref.shallow } : {}),
    ...(ref.dir !== undefined ? { dir: ref.dir } : {}),
  };
  return fetchedTree(ctx, locked, info);
}
