/**
 * A prebuilt binary's archive in the download cache (under the root's
 * /var/cache): downloaded into a temporary file of this process beside
 * its cache name (one a killed run left is removed by the next),
 * hashed as it comes in, and renamed under that name only when its
 * integrity is the lock's; a cached archive is hashed again before it is
 * used, so nothing unverified is ever unpacked. With --offline only the
 * cache is used: a missing archive is an error naming the attribute and
 * its URL. A failed download or a mismatch names them too and leaves
 * nothing behind.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { UserError } from "../../diagnostics/user-error.ts";
import { TMP_PREFIX } from "../../store/store-path.ts";
import { tmpPrefix, tmpWriterAlive } from "../../store/tmp-lock.ts";
import { limit, TIMEOUTS } from "../run.ts";

export const PREBUILT_CACHE_DIR = "/var/cache/system-manager/prebuilt";

export interface ArchivePin {
  readonly attr: string;
  readonly url: string;
  /** `sha512-<base64>`. */
  readonly integrity: string;
}

/** Downloads a URL as a stream of bytes (tests serve a fake registry on loopback through the real one). */
export type Download = (url: string, signal: AbortSignal) => Promise<Readable>;

/** What a connection failing this way means: the host cannot be reached (no network, no such name, nothing listening). */
const UNREACHABLE = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH"]);

/** Over HTTP(S) with fetch; an unreachable host is said so, any other failure (TLS) with fetch's reason. */
export const httpStream: Download = async (url, signal) => {
  let r: Response;
  try {
    r = await fetch(url, { signal, headers: { "user-agent": "system-manager" } });
  } catch (e) {
    if ((e as Error).name === "TimeoutError") throw e;
    const cause = (e as { cause?: { message?: string; code?: string } }).cause;
    const host = new URL(url).host;
    throw new Error(UNREACHABLE.has(cause?.code ?? "") ? `${host} is unreachable (offline?): ${cause?.message}` : `cannot connect to ${host}: ${cause?.message ?? (e as Error).message}`);
  }
  if (!r.ok || r.body === null) throw new Error(`HTTP ${r.status} ${r.statusText}`.trim());
  return Readable.fromWeb(r.body as import("node:stream/web").ReadableStream<Uint8Array>);
};

function digestOf(integrity: string): string {
  return integrity.replace(/^sha512-/, "");
}

/** The archive's file in the cache: its name from the URL, with the integrity's first characters (as hex). */
export function cachedArchivePath(root: string, pin: ArchivePin): string {
  const hex = Buffer.from(digestOf(pin.integrity), "base64").toString("hex").slice(0, 16);
  return join(root, PREBUILT_CACHE_DIR, `${basename(new URL(pin.url).pathname)}.${hex}`);
}

function mismatch(pin: ArchivePin, got: string, where: string): UserError {
  return new UserError(
    `Cannot realise pkgs.${pin.attr}: ${where} is not the archive the lock pins (${pin.url}):\n  specified: ${pin.integrity}\n     got:    sha512-${got}\n` +
      "nothing was unpacked or installed; it was tampered with, or the registry serves another file under that name",
  );
}

async function sha512Of(file: string): Promise<string> {
  const h = createHash("sha512");
  await pipeline(createReadStream(file), h);
  return h.digest("base64");
}

/** The verified archive of `pin` in the cache, downloaded unless cached; `downloaded` says which. */
export async function fetchArchive(root: string, pin: ArchivePin, o: { offline: boolean; download?: Download }): Promise<{ file: string; downloaded: boolean }> {
  const file = cachedArchivePath(root, pin);
  if (existsSync(file)) {
    const got = await sha512Of(file);
    if (got === digestOf(pin.integrity)) return { file, downloaded: false };
    rmSync(file, { force: true });
    throw mismatch(pin, got, `the cached ${file}`);
  }
  if (o.offline) {
    throw new UserError(`Cannot realise pkgs.${pin.attr} offline: its archive ${pin.url} is not in the download cache (${join(root, PREBUILT_CACHE_DIR)}); run once without --offline to download it`);
  }
  const cache = join(root, PREBUILT_CACHE_DIR);
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) if (name.startsWith(TMP_PREFIX) && tmpWriterAlive(name) === false) rmSync(join(cache, name), { force: true });
  const part = join(cache, `${tmpPrefix()}${basename(file)}`);
  const hash = createHash("sha512");
  const ms = limit({ timeoutMs: TIMEOUTS.download });
  try {
    const body = await (o.download ?? httpStream)(pin.url, AbortSignal.timeout(ms));
    body.on("data", (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(part, { mode: 0o644 }));
  } catch (e) {
    rmSync(part, { force: true });
    const why = (e as Error).name === "TimeoutError" ? `it did not finish within ${ms / 60_000} minutes and was stopped` : (e as Error).message;
    throw new UserError(`Cannot download pkgs.${pin.attr} from ${pin.url}: ${why}`);
  }
  const got = hash.digest("base64");
  if (got !== digestOf(pin.integrity)) {
    rmSync(part, { force: true });
    throw mismatch(pin, got, `what ${new URL(pin.url).host} served`);
  }
  renameSync(part, file);
  return { file, downloaded: true };
}
