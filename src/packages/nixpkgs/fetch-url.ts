/**
 * The realiser's own builders, as Nix has them: `builtin:fetchurl`
 * (download `url`/`urls` to $out; `executable` makes it 0755; `unpack`,
 * ours for fetchzip, unpacks the archive with the build machine's tar
 * and drops a single top directory unless `stripRoot` is empty), and the
 * check of a fixed-output derivation's output against its hash (flat:
 * the file's bytes; recursive: its NAR), failing with Nix's "hash
 * mismatch in fixed-output derivation" message. A host it cannot reach is
 * said so, with the reason (offline, no such host, refused).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Derivation } from "../../nix/builtins/derivation-hash.ts";
import { narStream } from "../../store/nar.ts";

export interface FetchRun {
  readonly drvPath: string;
  readonly drv: Derivation;
  /** Where the output goes (in the scratch upper layer). */
  readonly entry: string;
  readonly scratch: string;
  readonly download?: (url: string) => Promise<Buffer>;
}

/** A download over HTTP(S); an unreachable host is said so, with fetch's reason. */
export async function httpDownload(url: string): Promise<Buffer> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch (e) {
    // fetch says only "fetch failed"; why is its cause (getaddrinfo ENOTFOUND github.com, connect ECONNREFUSED…).
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new Error(`${new URL(url).host} is unreachable (offline?)${cause === undefined ? "" : `: ${cause}`}`);
  }
  if (!r.ok) throw new Error(`HTTP error ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

export async function fetchUrl(run: FetchRun): Promise<void> {
  const { drv, entry, scratch } = run;
  const urls = (drv.env.get("urls") ?? drv.env.get("url") ?? "").split(/\s+/).filter((u) => u !== "");
  const download = run.download ?? httpDownload;
  let data: Buffer | undefined;
  const errors: string[] = [];
  for (const u of urls) {
    try {
      data = await download(u);
      break;
    } catch (e) {
      errors.push(`${u}: ${(e as Error).message}`);
    }
  }
  if (data === undefined) throw new UserError(`builder for '${run.drvPath}' failed: cannot download ${errors.join("; ") || "(no url)"}`);
  if (drv.env.get("unpack") === "1") {
    const archive = join(scratch, "download");
    const dir = join(scratch, "unpacked");
    writeFileSync(archive, data);
    mkdirSync(dir);
    const r = spawnSync("tar", ["-xf", archive, "-C", dir], { encoding: "utf8" });
    if (r.status !== 0) throw new UserError(`builder for '${run.drvPath}' failed with exit code ${r.status ?? 1}; last 10 log lines:\n${`${r.stdout}${r.stderr}`.trim().split("\n").slice(-10).map((l) => `> ${l}`).join("\n")}`);
    const top = readdirSync(dir);
    const strip = drv.env.get("stripRoot") !== "" && top.length === 1;
    renameSync(strip ? join(dir, top[0] as string) : dir, entry);
  } else {
    writeFileSync(entry, data);
    if (drv.env.get("executable") === "1") chmodSync(entry, 0o755);
  }
}

export function checkFixedOutput(drvPath: string, drv: Derivation, entry: string): void {
  const f = drv.fixed as NonNullable<Derivation["fixed"]>;
  const recursive = f.methodAlgo.startsWith("r:");
  const algo = recursive ? f.methodAlgo.slice(2) : f.methodAlgo;
  const h = createHash(algo);
  if (recursive) for (const chunk of narStream(entry)) h.update(chunk);
  else h.update(readFileSync(entry));
  const got = h.digest();
  if (got.toString("hex") !== f.hashHex) {
    const sri = (b: Buffer) => `${algo}-${b.toString("base64")}`;
    throw new UserError(`hash mismatch in fixed-output derivation '${drvPath}':\n  specified: ${sri(Buffer.from(f.hashHex, "hex"))}\n     got:    ${sri(got)}`);
  }
}
