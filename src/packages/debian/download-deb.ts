/**
 * Downloads one .deb straight from its archive, as apt's http method
 * would: GET <source URI>/<Filename> (http, https, or a file: archive read
 * in place), each source of its archive in turn (a 404 tries the next: a
 * security update is only in the security archive's pool). The bytes are
 * hashed as they are written, so the file is read once; a response longer
 * than the locked size is cut off; the outcome says whether the file is
 * the locked .deb (size and sha256), and is data, never a throw. A
 * redirect is followed (at most five, never from https to http).
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { Agent as HttpAgent, get as httpGet, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, get as httpsGet } from "node:https";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { LockedDeb } from "../lock.ts";

export type DownloadOutcome =
  | { readonly kind: "ok"; readonly url: string }
  /** Every source answered 404 (or has no such file). */
  | { readonly kind: "missing"; readonly tried: readonly string[] }
  | { readonly kind: "mismatch"; readonly url: string; readonly sha256: string; readonly size: number }
  | { readonly kind: "failed"; readonly url: string; readonly why: string };

/** Keep-alive connections shared by the downloads of one fetch, at most `sockets` per host. */
export class Connections {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
  /** Milliseconds a connection may stay silent before the download fails. */
  readonly idleMs: number;
  constructor(sockets: number, idleMs: number) {
    this.http = new HttpAgent({ keepAlive: true, maxSockets: sockets });
    this.https = new HttpsAgent({ keepAlive: true, maxSockets: sockets });
    this.idleMs = idleMs;
  }
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** Whether `uri` (a source's) can be downloaded from directly. */
export function directScheme(uri: string): boolean {
  return /^(https?|file):\/\//.test(uri);
}

/** The URL of `filename` (an archive-relative pool path) in the archive at `uri`, each segment escaped as apt does. */
export function debUrl(uri: string, filename: string): string {
  return `${uri.replace(/\/+$/, "")}/${filename.split("/").map(encodeURIComponent).join("/")}`;
}

type Response = { readonly status: number; readonly body?: Readable; readonly location?: string; readonly error?: string };

function request(url: string, c: Connections): Promise<Response> {
  if (url.startsWith("file:")) {
    return new Promise((resolve) => {
      const body = createReadStream(fileURLToPath(url));
      body.once("open", () => resolve({ status: 200, body }));
      body.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ENOENT" ? { status: 404 } : { status: 0, error: e.message }));
    });
  }
  return new Promise((resolve) => {
    const get = url.startsWith("https:") ? httpsGet : httpGet;
    const req = get(url, { agent: url.startsWith("https:") ? c.https : c.http, headers: { "user-agent": "system-manager" } }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status === 200) return resolve({ status, body: res });
      res.resume();
      resolve({ status, location: res.headers.location, error: `HTTP ${status} ${res.statusMessage ?? ""}`.trim() });
    });
    req.setTimeout(c.idleMs, () => req.destroy(new Error(`no answer for ${c.idleMs / 1000} seconds`)));
    req.once("error", (e) => resolve({ status: 0, error: e.message }));
  });
}

/** Writes `body` to `to`, hashing it, at most `limit` bytes (one more says it was longer). */
function save(body: Readable, to: string, limit: number, idleMs: number): Promise<{ sha256: string; size: number } | { error: string }> {
  return new Promise((resolve) => {
    const hash = createHash("sha256");
    const out = createWriteStream(to, { mode: 0o644 });
    let size = 0;
    let failure: string | undefined;
    const stop = (why: string) => {
      clearTimeout(idle);
      failure ??= why;
      body.destroy();
      out.destroy();
      resolve({ error: failure });
    };
    const idle = setTimeout(() => stop(`no data for ${idleMs / 1000} seconds`), idleMs);
    body.on("data", (chunk: Buffer) => {
      idle.refresh();
      size += chunk.length;
      if (size > limit) return stop(`longer than its locked size`);
      hash.update(chunk);
      if (!out.write(chunk)) body.pause();
    });
    out.on("drain", () => body.resume());
    body.once("error", (e) => stop(e.message));
    out.once("error", (e) => stop(e.message));
    body.once("end", () => {
      if (failure !== undefined) return;
      out.end(() => {
        clearTimeout(idle);
        resolve({ sha256: hash.digest("hex"), size });
      });
    });
    body.once("close", () => {
      if (!body.readableEnded && failure === undefined) stop("the connection closed early");
    });
  });
}

async function fetchUrl(url: string, to: string, d: LockedDeb, c: Connections, hops = 0): Promise<DownloadOutcome | "404"> {
  const r = await request(url, c);
  if (r.status >= 300 && r.status < 400 && r.location !== undefined && hops < 5) {
    const next = new URL(r.location, url).href;
    if (url.startsWith("https:") && !next.startsWith("https:")) return { kind: "failed", url, why: `redirected from https to ${next}` };
    return fetchUrl(next, to, d, c, hops + 1);
  }
  if (r.status === 404 || r.status === 410) return "404";
  if (r.body === undefined) return { kind: "failed", url, why: r.error ?? `HTTP ${r.status}` };
  const saved = await save(r.body, to, d.size, c.idleMs);
  if ("error" in saved) {
    rmSync(to, { force: true });
    return saved.error === "longer than its locked size" ? { kind: "mismatch", url, sha256: "(longer than the lock says)", size: d.size + 1 } : { kind: "failed", url, why: saved.error };
  }
  if (saved.size !== d.size || saved.sha256 !== d.sha256) {
    rmSync(to, { force: true });
    return { kind: "mismatch", url, sha256: saved.sha256, size: saved.size };
  }
  return { kind: "ok", url };
}

/** Downloads `d` from the first of `uris` that has it into `to`; `to` exists afterwards only when the outcome is "ok". */
export async function downloadDeb(d: LockedDeb, uris: readonly string[], to: string, c: Connections): Promise<DownloadOutcome> {
  const tried: string[] = [];
  for (const uri of uris) {
    const url = debUrl(uri, d.filename);
    tried.push(url);
    const r = await fetchUrl(url, to, d, c);
    if (r !== "404") return r;
  }
  return { kind: "missing", tried };
}
