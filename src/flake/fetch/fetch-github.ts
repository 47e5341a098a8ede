/**
 * `github:` and `gitlab:` inputs. A ref (or HEAD) is resolved to a commit
 * through the API — GitHub: `GET {api}/repos/{owner}/{repo}/commits/{ref}`
 * with `Accept: application/vnd.github.sha`; GitLab: the commits of
 * `ref_name` — and cached for the TTL. The commit's archive
 * (`{base}/{owner}/{repo}/archive/{rev}.tar.gz`) is unpacked into the
 * store, once per commit; lastModified is its top directory's mtime (the
 * commit's time, as the archive records it and Nix reads it).
 */
import { REV, type RepoRef } from "../../nix/flake-ref/flake-ref.ts";
import type { FetchContext } from "./fetch-context.ts";
import { FetchError, HashMismatch, Unavailable } from "./fetch-error.ts";
import { cachedRef, cachedTree, storeRef, storeTree } from "./fetch-index.ts";
import { fetchedTree, type FetchedTree } from "./fetched-tree.ts";
import { inStore } from "./source-store.ts";
import { httpGet } from "./download.ts";
import { fetchArchive } from "./fetch-archive.ts";

function endpoints(ctx: FetchContext, ref: RepoRef) {
  const enc = encodeURIComponent;
  if (ref.type === "gitlab") {
    const base = ref.host !== undefined ? `https://${ref.host}` : ctx.urls.gitlab;
    const project = `${base}/api/v4/projects/${enc(ref.owner)}%2F${enc(ref.repo)}`;
    return {
      commit: (r: string) => `${project}/repository/commits?ref_name=${enc(r)}`,
      archive: (rev: string) => `${project}/repository/archive.tar.gz?sha=${rev}`,
      accept: "application/json",
    };
  }
  const api = ref.host !== undefined && ref.host !== "github.com" ? `https://${ref.host}/api/v3` : ctx.urls.githubApi;
  const base = ref.host !== undefined && ref.host !== "github.com" ? `https://${ref.host}` : ctx.urls.github;
  return {
    commit: (r: string) => `${api}/repos/${enc(ref.owner)}/${enc(ref.repo)}/commits/${r.split("/").map(enc).join("/")}`,
    archive: (rev: string) => `${base}/${enc(ref.owner)}/${enc(ref.repo)}/archive/${rev}.tar.gz`,
    accept: "application/vnd.github.sha",
  };
}

async function resolveRev(ctx: FetchContext, ref: RepoRef): Promise<string> {
  const name = ref.ref ?? "HEAD";
  const key = `${ref.type}:${ref.host ?? ""}:${ref.owner}/${ref.repo}/${name}`.toLowerCase();
  const cached = cachedRef(ctx, key);
  if (cached?.fresh === true && cached.entry.rev !== undefined) return cached.entry.rev;
  if (ctx.offline) throw new Unavailable(`cannot resolve '${name}' of ${ref.owner}/${ref.repo} while offline, and it is not in the cache`);
  const ep = endpoints(ctx, ref);
  const url = ep.commit(name);
  const res = await httpGet(ctx, url, { Accept: ep.accept });
  const text = (await res.text()).trim();
  let rev = text;
  if (ref.type === "gitlab") {
    try {
      rev = String((JSON.parse(text) as { id?: unknown }[])[0]?.id ?? "");
    } catch {
      rev = "";
    }
  }
  if (!REV.test(rev)) throw new FetchError(`'${url}' did not answer with a commit hash`);
  storeRef(ctx, key, { time: ctx.now(), rev });
  return rev;
}

export async function fetchRepo(ctx: FetchContext, ref: RepoRef): Promise<FetchedTree> {
  if (ref.type === "sourcehut") throw new FetchError("sourcehut inputs are not supported yet; use a git+https:// reference to the repository");
  const rev = ref.rev ?? (await resolveRev(ctx, ref));
  const key = `${ref.type}:${ref.host ?? ""}:${ref.owner}/${ref.repo}/${rev}`.toLowerCase();
  let info = cachedTree(ctx, key);
  if (info !== undefined && !inStore(ctx, info.storePath)) info = undefined;
  if (info !== undefined && ref.narHash !== undefined && info.narHash !== ref.narHash) throw new HashMismatch(ref.narHash, info.narHash);
  if (info === undefined) {
    if (ctx.offline) throw new Unavailable(`cannot download commit ${rev} of ${ref.owner}/${ref.repo} while offline, and it is not in the cache`);
    info = { ...(await fetchArchive(ctx, endpoints(ctx, ref).archive(rev), ref.narHash)), rev };
    storeTree(ctx, key, info);
  }
  const locked: RepoRef = {
    type: ref.type,
    owner: ref.owner,
    repo: ref.repo,
    rev,
    narHash: info.narHash,
    ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
    ...(ref.host !== undefined ? { host: ref.host } : {}),
    ...(ref.dir !== undefined ? { dir: ref.dir } : {}),
  };
  return fetchedTree(ctx, locked, { ...info, rev });
}
