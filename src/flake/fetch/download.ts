/**
 * Downloads through the injected HTTP client into a file, with progress
 * as Nix shows it: "downloading 'URL'..." (on a terminal, redrawn with
 * the bytes so far). An HTTP error status is a FetchError naming the URL;
 * a network that cannot be reached (no DNS, connection refused or reset,
 * no answer within the context's timeout, 30 s by default, for the
 * response or for each chunk of its body) is `Unavailable`, and a host
 * found out of reach (no DNS, refused, no answer) is not asked again by
 * the same client. A connection reset before the answer is tried again
 * (three tries in all, as Nix retries downloads). The partial
 * file is the caller's to remove (it lies in a staging directory).
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { formatBytes } from "../../packages/progress.ts";
import type { FetchContext, HttpGet } from "./fetch-context.ts";
import { FetchError, Unavailable } from "./fetch-error.ts";

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Tries of a request whose connection was reset before the answer (a kept-alive connection the server had just closed). */
const ATTEMPTS = 3;

/** Error codes (Node's, undici's) that mean the network, not the server's answer, failed. */
const UNREACHABLE = new Set([
  "ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EHOSTUNREACH", "EHOSTDOWN",
  "ENETUNREACH", "ENETDOWN", "ENETRESET", "EPIPE", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_SOCKET", "UND_ERR_CLOSED",
]);

/** Of those, the ones that say the host cannot be reached at all (not one request's bad luck). */
const NO_HOST = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "EHOSTDOWN", "ENETUNREACH", "ENETDOWN", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);

class NoAnswer extends Error {}

/** Origins found out of reach, per HTTP client (one command's): origin → why. */
const outOfReach = new WeakMap<HttpGet, Map<string, string>>();

function causes(e: unknown): { code?: string; message?: string }[] {
  const out: { code?: string; message?: string }[] = [];
  let cur = e as { code?: string; message?: string; cause?: unknown; errors?: unknown[] } | undefined;
  for (let i = 0; i < 4 && cur !== undefined && cur !== null; i++) {
    out.push(cur);
    cur = (cur.cause ?? cur.errors?.[0]) as typeof cur;
  }
  return out;
}

function reasonOf(e: unknown, ms: number): { why: string; unreachable: boolean; noHost: boolean } {
  if (e instanceof NoAnswer) return { why: `no answer within ${ms / 1000} s`, unreachable: true, noHost: true };
  const chain = causes(e);
  const has = (codes: Set<string>) => chain.some((c) => c.code !== undefined && codes.has(c.code));
  const deepest = chain.at(-1)?.message;
  return { why: deepest !== undefined && deepest !== "" ? deepest : String(e), unreachable: has(UNREACHABLE), noHost: has(NO_HOST) };
}

function failure(url: string, e: unknown, ms: number): FetchError {
  if (e instanceof FetchError) return e;
  const { why, unreachable } = reasonOf(e, ms);
  return unreachable ? new Unavailable(`unable to download '${url}': ${why}`) : new FetchError(`unable to download '${url}': ${why}`);
}

function deadline(ms: number): { promise: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new NoAnswer()), ms)));
  return { promise, clear: () => clearTimeout(timer) };
}

export async function httpGet(ctx: FetchContext, url: string, headers: Readonly<Record<string, string>> = {}): Promise<Response> {
  if (url.startsWith("file:")) {
    try {
      return new Response(await readFile(fileURLToPath(url)));
    } catch (e) {
      throw new FetchError(`unable to download '${url}': ${(e as Error).message}`);
    }
  }
  const origin = URL.canParse(url) ? new URL(url).origin : url;
  const ms = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    const known = outOfReach.get(ctx.http)?.get(origin);
    if (known !== undefined) throw new Unavailable(`unable to download '${url}': ${known}`);
    const abort = new AbortController();
    const answer = deadline(ms);
    let res: Response;
    try {
      res = await Promise.race([ctx.http(url, headers, abort.signal), answer.promise]);
    } catch (e) {
      abort.abort();
      const { why, unreachable, noHost } = reasonOf(e, ms);
      if (noHost) {
        const seen = outOfReach.get(ctx.http) ?? new Map<string, string>();
        seen.set(origin, why);
        outOfReach.set(ctx.http, seen);
      } else if (unreachable && attempt < ATTEMPTS) continue;
      throw failure(url, e, ms);
    } finally {
      answer.clear();
    }
    if (!res.ok && res.status !== 304) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchError(`unable to download '${url}': HTTP error ${res.status}${res.statusText ? ` (${res.statusText})` : ""}`);
    }
    if (res.body === null || res.status < 200 || res.status > 299 || res.status === 204 || res.status === 205) return res;
    return new Response(idleLimited(res.body, url, ms, abort), { status: res.status, statusText: res.statusText, headers: res.headers });
  }
}

/** The body, failing (and aborting the request) when a chunk does not come within `ms`. */
function idleLimited(body: ReadableStream<Uint8Array>, url: string, ms: number, abort: AbortController): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = deadline(ms);
      try {
        const next = await Promise.race([reader.read(), chunk.promise]);
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (e) {
        abort.abort();
        reader.cancel().catch(() => undefined);
        controller.error(failure(url, e, ms));
      } finally {
        chunk.clear();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Writes the response's body to `dest`, reporting progress. */
export async function saveBody(ctx: FetchContext, url: string, res: Response, dest: string): Promise<void> {
  const total = Number(res.headers.get("content-length") ?? NaN);
  const out = createWriteStream(dest, { flags: "wx" });
  let got = 0;
  ctx.progress(ctx.tty ? `downloading '${url}'...` : `downloading '${url}'...\n`);
  try {
    if (res.body !== null) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        got += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
        if (ctx.tty) ctx.progress(`\rdownloading '${url}'... ${formatBytes(got)}${Number.isFinite(total) ? ` / ${formatBytes(total)}` : ""}`);
      }
    }
  } catch (e) {
    throw failure(url, e, ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (ctx.tty) ctx.progress("\n");
  }
  if (Number.isFinite(total) && got !== total) throw new FetchError(`unable to download '${url}': got ${got} of ${total} bytes`);
}
