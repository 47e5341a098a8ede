/**
 * The .deb download cache (under the root's /var/cache) and filling it.
 * Every .deb is hashed against the lock before it is unpacked, once: as
 * it comes in, or, cached before, when it is unpacked. Missing ones are
 * downloaded straight from their archives, several at once
 * (direct-fetch.ts); through `apt-get download` (apt-download.ts) when
 * the environment names a proxy (apt honours it) or an archive's URI is
 * of a scheme we do not fetch ourselves. Temporary download directories
 * a killed run left behind are removed by the next.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TMP_PREFIX } from "../../store/store-path.ts";
import { tmpWriterAlive } from "../../store/tmp-lock.ts";
import type { LockedDeb } from "../lock.ts";
import type { Progress } from "../progress.ts";
import { fetchWithApt } from "./apt-download.ts";
import { fetchDirect, type FetchRequest, type OnVerified } from "./direct-fetch.ts";
import { directScheme } from "./download-deb.ts";

export type { FetchRequest, OnVerified };

export const DEB_CACHE_DIR = "/var/cache/system-manager/debs";

export function cachedDebPath(root: string, d: LockedDeb): string {
  return join(root, DEB_CACHE_DIR, `${d.name}_${d.version.replace(/:/g, "%3a")}_${d.arch}.${d.sha256.slice(0, 12)}.deb`);
}

const PROXY_VARIABLES = ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"];

/** The proxy variable the environment sets, if any (apt honours it; our own downloads would not). */
export function proxyVariable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return PROXY_VARIABLES.find((v) => (env[v] ?? "") !== "");
}

/** Whether `w` can be downloaded without apt: no proxy, a plain pool path, every source http, https or file. */
function direct(w: FetchRequest): boolean {
  const f = w.deb.filename;
  return f !== "" && !f.startsWith("/") && !f.split("/").includes("..") && w.apt.sources.every((s) => directScheme(s.uri));
}

/** Removes the download directories of runs that were killed (their writer is dead). */
function removeDeadDownloads(cache: string): void {
  for (const name of readdirSync(cache)) {
    if (name.startsWith(TMP_PREFIX) && name.includes("-download-") && tmpWriterAlive(name) === false) rmSync(join(cache, name), { recursive: true, force: true });
  }
}

export interface FetchOptions {
  /** At most this many downloads at once. */
  readonly parallel: number;
  /** Called with each .deb as soon as it is in the cache and verified. */
  readonly onVerified?: OnVerified;
}

/** Downloads the .debs of `wanted` missing from the cache; returns the cache files it wrote, each verified on the way in. */
export async function fetchDebs(root: string, wanted: readonly FetchRequest[], progress: Progress, o: FetchOptions): Promise<Set<string>> {
  const missing = wanted.filter((w) => !existsSync(cachedDebPath(root, w.deb)));
  if (missing.length === 0) return new Set();
  const cache = join(root, DEB_CACHE_DIR);
  mkdirSync(cache, { recursive: true, mode: 0o755 });
  removeDeadDownloads(cache);
  const file = (d: LockedDeb) => cachedDebPath(root, d);
  const bytes = missing.reduce((n, w) => n + w.deb.size, 0);
  const task = progress.task(`downloading ${missing.length} package${missing.length === 1 ? "" : "s"}`, missing.length, bytes);
  const ours = proxyVariable() === undefined ? missing.filter(direct) : [];
  const byApt = new Map<string, FetchRequest[]>();
  for (const w of missing) if (!ours.includes(w)) byApt.set(w.apt.dir, [...(byApt.get(w.apt.dir) ?? []), w]);
  const viaApt = async () => {
    const files = new Set<string>();
    for (const group of byApt.values()) {
      const apt = (group[0] as FetchRequest).apt;
      for (const f of await fetchWithApt(cache, file, apt, group.map((w) => w.deb), progress, task, o.onVerified)) files.add(f);
    }
    return files;
  };
  const results = await Promise.allSettled([ours.length > 0 ? fetchDirect(cache, file, ours, task, o.parallel, o.onVerified) : new Set<string>(), viaApt()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  task.done();
  return new Set(results.flatMap((r) => [...(r as PromiseFulfilledResult<Set<string>>).value]));
}
