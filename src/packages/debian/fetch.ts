/**
 * The .deb download cache (under the root's /var/cache) and its checks.
 * Missing .debs are downloaded by `apt-get download` in the private root
 * (apt checks the Release signature and the sha256 against the signed
 * index) into a fresh directory, so apt never trusts a cached file by its
 * size. Every .deb is hashed by us against the lock before it is
 * unpacked, once: as it comes in, or, cached before, when it is unpacked;
 * a cached file that does not match is refused, naming it.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { LockedDeb } from "../lock.ts";
import type { Progress } from "../progress.ts";
import { run, tail, TIMEOUTS } from "../run.ts";
import { allowApt, type AptRoot } from "./apt-root.ts";

export const DEB_CACHE_DIR = "/var/cache/system-manager/debs";

export function cachedDebPath(root: string, d: LockedDeb): string {
  return join(root, DEB_CACHE_DIR, `${d.name}_${d.version.replace(/:/g, "%3a")}_${d.arch}.${d.sha256.slice(0, 12)}.deb`);
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** Throws unless the cached file of `d` has the locked size and sha256. */
export async function verifyDeb(path: string, d: LockedDeb): Promise<void> {
  const size = statSync(path).size;
  const sha = size === d.size ? await sha256File(path) : "(size differs)";
  if (sha !== d.sha256) {
    throw new UserError(
      `Cannot unpack ${d.name} ${d.version}: the cached file ${path} is not the .deb the archive signed (sha256 ${sha}, expected ${d.sha256}); it was changed or corrupted: delete it to download it again`,
    );
  }
}

/** The name `apt-get download` gives the .deb of `d`. */
function aptFileName(d: LockedDeb): string {
  return `${d.name}_${d.version.replace(/:/g, "%3a")}_${d.arch}.deb`;
}

/** Called with each .deb as soon as it is in the cache, verified, while the others are still downloading. */
export type OnVerified = (d: LockedDeb, file: string) => void;

/**
 * Watches apt's download directory: a file that has reached its locked
 * size and hashes to its locked sha256 is complete and genuine, whatever
 * apt is still doing; it is hard-linked into the cache (apt keeps its own
 * name for it) and handed to `onVerified`. Returns a function that stops
 * watching once the check under way has finished.
 */
function watchDownloads(root: string, tmp: string, missing: readonly LockedDeb[], early: Set<LockedDeb>, onVerified: OnVerified): () => Promise<void> {
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
      renameSync(beside, cachedDebPath(root, d));
      early.add(d);
      onVerified(d, cachedDebPath(root, d));
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

/**
 * Downloads the debs missing from the cache; returns the cache files it
 * wrote, each verified on the way in (so that unpacking need not read
 * it again for its hash). With `onVerified`, each is handed over as soon
 * as it is complete, so that it is unpacked while the rest download.
 */
export async function fetchDebs(root: string, apt: () => AptRoot, debs: readonly LockedDeb[], progress: Progress, onVerified?: OnVerified): Promise<Set<string>> {
  const missing = debs.filter((d) => !existsSync(cachedDebPath(root, d)));
  const verified = new Set<string>();
  if (missing.length === 0) return verified;
  const cache = join(root, DEB_CACHE_DIR);
  mkdirSync(cache, { recursive: true, mode: 0o755 });
  const aptRoot = apt();
  if (aptRoot.listsAge() === undefined) {
    progress.note(`fetching the package lists of ${aptRoot.describe()}`);
    aptRoot.update();
  }
  const bytes = missing.reduce((n, d) => n + d.size, 0);
  const task = progress.task(`downloading ${missing.length} package${missing.length === 1 ? "" : "s"}`, missing.length, bytes);
  const tmp = mkdtempSync(join(cache, ".download-"));
  const early = new Set<LockedDeb>();
  let stop: () => Promise<void> = async () => undefined;
  try {
    allowApt(tmp);
    if (onVerified !== undefined) stop = watchDownloads(root, tmp, missing, early, onVerified);
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
    for (const d of rest) renameSync(join(tmp, aptFileName(d)), cachedDebPath(root, d));
    for (const d of missing) verified.add(cachedDebPath(root, d));
    for (const d of rest) onVerified?.(d, cachedDebPath(root, d));
    task.done();
  } finally {
    await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return verified;
}
