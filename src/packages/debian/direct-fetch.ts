/**
 * Downloads .debs straight from their archives, several at once (apt's
 * own fetcher keeps one connection per host; a handful of connections
 * fetch a large closure two to three times faster from Debian's CDN),
 * the largest first (its unpacking is the longest to wait for). Each is
 * written into a temporary directory of this process inside the cache,
 * hashed as it comes in, and renamed under its cache name only once its
 * size and sha256 are the lock's; then it is handed over (`onVerified`)
 * to be unpacked while the others download. The lock's sha256 was read
 * from the archive's signed index when the package was locked, so a file
 * that matches it is the file apt would have accepted. A failure names
 * the package, the archive and what went wrong; the files verified
 * before it stay in the cache, so the next run fetches only the rest.
 */
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import { tmpPrefix } from "../../store/tmp-lock.ts";
import type { LockedDeb } from "../lock.ts";
import { Parallel } from "../parallel.ts";
import type { Task } from "../progress.ts";
import { limit, TIMEOUTS } from "../run.ts";
import type { AptRoot } from "./apt-root.ts";
import { Connections, downloadDeb, type DownloadOutcome } from "./download-deb.ts";

export interface FetchRequest {
  readonly deb: LockedDeb;
  /** The archive it is downloaded from (its sources are tried in order). */
  readonly apt: AptRoot;
}

/** Called with each .deb as soon as it is in the cache, verified, while the others are still downloading. */
export type OnVerified = (d: LockedDeb, file: string) => void;

/** How long a connection may stay silent before its download fails. */
const IDLE_MS = 60_000;

function minutes(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${ms / 1000} seconds`;
}

function failure(w: FetchRequest, r: Exclude<DownloadOutcome, { kind: "ok" }>): string {
  const what = `${w.deb.name} ${w.deb.version}`;
  const archive = w.apt.describe();
  if (r.kind === "missing") return `Cannot download ${what}: ${archive} no longer has this version (not found: ${r.tried.join(", ")}); run 'system-manager update' to lock current ones`;
  if (r.kind === "mismatch") {
    return `Cannot download ${what}: what ${archive} served (${r.url}) is not the .deb the lock pins (sha256 ${r.sha256}, ${r.size} bytes; expected ${w.deb.sha256}, ${w.deb.size} bytes): tampered, or a mirror being synced`;
  }
  return `Cannot download ${what} from ${archive} (${r.url}): ${r.why}; is the network or the archive unreachable?`;
}

/**
 * Downloads `wanted` into the cache directory `cache` (at most `parallel`
 * at once), each to `cacheFile(deb)`; returns the files written.
 */
export async function fetchDirect(cache: string, cacheFile: (d: LockedDeb) => string, wanted: readonly FetchRequest[], task: Task, parallel: number, onVerified?: OnVerified): Promise<Set<string>> {
  const verified = new Set<string>();
  const tmp = mkdtempSync(join(cache, `${tmpPrefix()}download-`));
  const connections = new Connections(parallel, IDLE_MS);
  const ms = limit({ timeoutMs: TIMEOUTS.download });
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    connections.close();
  }, ms);
  const errors: string[] = [];
  const pool = new Parallel(parallel);
  try {
    for (const w of [...wanted].sort((a, b) => b.deb.size - a.deb.size || (a.deb.name < b.deb.name ? -1 : 1))) {
      pool.add(async () => {
        const file = cacheFile(w.deb);
        const part = join(tmp, basename(file));
        const uris = w.apt.sources.map((s) => s.uri);
        let r = await downloadDeb(w.deb, uris, part, connections);
        // One more try after a network error, as apt's Acquire::Retries 1.
        if (r.kind === "failed" && !expired) r = await downloadDeb(w.deb, uris, part, connections);
        if (r.kind !== "ok") {
          const message = expired ? `Cannot download ${w.deb.name} ${w.deb.version}: it did not finish within ${minutes(ms)} and was stopped` : failure(w, r);
          errors.push(message);
          throw new UserError(message);
        }
        // Renamed over: another realisation in this root may have cached the same .deb meanwhile.
        renameSync(part, file);
        verified.add(file);
        task.step(w.deb.name, w.deb.size);
        onVerified?.(w.deb, file);
      });
    }
    await pool.settled();
  } finally {
    clearTimeout(timer);
    connections.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (errors.length > 0) throw new UserError(errors.join("\n"));
  return verified;
}
