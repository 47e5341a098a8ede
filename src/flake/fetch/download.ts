/**
 * Downloads through the injected HTTP client into a file, with progress
 * as Nix shows it: "downloading 'URL'..." (on a terminal, redrawn with
 * the bytes so far). A network failure or an HTTP error status is a
 * FetchError naming the URL; the partial file is the caller's to remove
 * (it lies in a staging directory).
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { formatBytes } from "../../packages/progress.ts";
import type { FetchContext } from "./fetch-context.ts";
import { FetchError } from "./fetch-error.ts";

export async function httpGet(ctx: FetchContext, url: string, headers: Readonly<Record<string, string>> = {}): Promise<Response> {
  let res: Response;
  try {
    res = url.startsWith("file:") ? new Response(await readFile(fileURLToPath(url))) : await ctx.http(url, headers);
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new FetchError(`unable to download '${url}': ${cause ?? (e as Error).message}`);
  }
  if (!res.ok && res.status !== 304) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`unable to download '${url}': HTTP error ${res.status}${res.statusText ? ` (${res.statusText})` : ""}`);
  }
  return res;
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
    throw new FetchError(`unable to download '${url}': ${(e as Error).message}`);
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (ctx.tty) ctx.progress("\n");
  }
  if (Number.isFinite(total) && got !== total) throw new FetchError(`unable to download '${url}': got ${got} of ${total} bytes`);
}
