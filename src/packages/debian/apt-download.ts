/**
 * Downloading .debs with `apt-get download` in the private root, for what
 * cannot be fetched directly (a proxy in the environment, which apt
 * honours, or an archive URI of another scheme): apt checks the Release
 * signature and each file's sha256 against the signed index, into a fresh
 * directory, so it never trusts a cached file by its size. Each file is
 * hashed by us against the lock as well, as it comes in: a file that has
 * reached its locked size and hashes to its locked sha256 is complete and
 * genuine, whatever apt is still doing; it is hard-linked into the cache
 * (apt keeps its own name for it) and handed over to be unpacked while
 * the rest download.
 */
import { existsSync, linkSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import { tmpPrefix } from "../../store/tmp-lock.ts";
import type { LockedDeb } from "../lock.ts";
import type { Progress, Task } from "../progress.ts";
import { run, tail, TIMEOUTS } from "../run.ts";
import { allowApt, type AptRoot } from "./apt-root.ts";
import type { OnVerified } from "./direct-fetch.ts";
import { sha256File, verifyDeb } from "./verify-deb.ts";

/** The name `apt-get download` gives the .deb of `d`. */
function aptFileName(d: LockedDeb): string {
  return `${d.name}_${d.version.replace(/:/g, "%3a")}_${d.arch}.deb`;
}

/**
 * Watches apt's download directory for files complete and genuine, links
 * each into the cache and hands it to `onVerified`. Returns a function
 * that stops watching once the check under way has finished.
 */
function watchDownloads(tmp: string, cacheFile: (d: LockedDeb) => string, missing: readonly LockedDeb[], early: Set<LockedDeb>, onVerified: OnVerified): () => Promise<void> {
  let current: Promise<void> = Promise.resolve();
  let busy = false;
  const check = async () => {
    for (const d of missing) {
      if (early.has(d)) continue;
      const file = join(tmp, aptFileName(d));
      if (!existsSync(file) || statSync(file).size !== d.size || (await sha256File(file)) !== d.sha256) continue;
      // Linked beside, then renamed over: another realisation in this root may have cached the same .deb meanwhile.
      const beside = `${join(tmp, aptFileName(d))}.verified`;
      linkSync(file, beside);
      renameSync(beside, cacheFile(d));
      early.add(d);
      onVerified(d, cacheFile(d));
    }
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    current = check().finally(() => (busy = false));
  }, 100);
  return async () => {
    clearInterval(timer);
    await current;
  };
}

/** Downloads `missing` from `aptRoot` into the cache directory `cache`, each to `cacheFile(deb)`; returns the files written. */
export async function fetchWithApt(cache: string, cacheFile: (d: LockedDeb) => string, aptRoot: AptRoot, missing: readonly LockedDeb[], progress: Progress, task: Task, onVerified?: OnVerified): Promise<Set<string>> {
  const verified = new Set<string>();
  if (aptRoot.listsAge() === undefined) {
    progress.note(`fetching the package lists of ${aptRoot.describe()}`);
    aptRoot.update();
  }
  const tmp = mkdtempSync(join(cache, `${tmpPrefix()}download-`));
  const early = new Set<LockedDeb>();
  let stop: () => Promise<void> = async () => undefined;
  try {
    allowApt(tmp);
    if (onVerified !== undefined) stop = watchDownloads(tmp, cacheFile, missing, early, onVerified);
    const r = await run("apt-get", ["-q", "download", ...missing.map((d) => `${d.name}=${d.version}`)], {
      env: aptRoot.env,
      cwd: tmp,
      timeoutMs: TIMEOUTS.download,
      label: "apt-get download",
      onLine: (line) => {
        const m = /^Get:\d+ \S+ \S+ \S+ (\S+) /.exec(line);
        if (m !== null) task.step(m[1] as string, missing.find((d) => d.name === m[1])?.size ?? 0);
      },
    });
    await stop();
    if (r.status !== 0) {
      const names = missing.map((d) => `${d.name} ${d.version}`).join(", ");
      const why = /Hash Sum mismatch|unexpected size|Size mismatch/.test(r.stderr)
        ? `what ${aptRoot.describe()} served does not match its signed index (tampered, or a mirror being synced)`
        : /Can't find a source to download version|Unable to locate package/.test(r.stderr)
          ? `${aptRoot.describe()} no longer has ${missing.length === 1 ? "this version" : "these versions"}; run 'system-manager update' to lock current ones`
          : `they are not in the cache ${cache}; is the network or the archive unreachable?`;
      const errors = r.stderr.split("\n").filter((l) => l.startsWith("E:")).slice(0, 4).join("\n");
      throw new UserError(`Cannot download ${names}: ${why}\n${errors || tail(r, 6)}`);
    }
    const files = readdirSync(tmp);
    const rest = missing.filter((d) => !early.has(d));
    for (const d of rest) {
      const file = files.find((f) => f === aptFileName(d));
      if (file === undefined) throw new UserError(`Cannot download ${d.name} ${d.version}: apt-get reported success but wrote no ${d.name}_…_${d.arch}.deb`);
      await verifyDeb(join(tmp, file), d);
    }
    for (const d of rest) renameSync(join(tmp, aptFileName(d)), cacheFile(d));
    for (const d of missing) verified.add(cacheFile(d));
    for (const d of rest) onVerified?.(d, cacheFile(d));
  } finally {
    await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return verified;
}
