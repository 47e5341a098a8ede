/**
 * Observation of the target: a read-only snapshot of every path the plan
 * needs to decide about (new and old managed paths, their backups, parent
 * directories), with the content hash of regular files, and of the
 * generation's own files. Nothing here writes.
 */
import { createHash } from "node:crypto";
import type { Entry, RootFs } from "./root-fs.ts";

export type Observed = Entry & { readonly sha256?: string };

export type Observations = ReadonlyMap<string, Observed>;

export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export function observePaths(fs: RootFs, paths: Iterable<string>): Map<string, Observed> {
  const out = new Map<string, Observed>();
  for (const p of paths) {
    if (out.has(p)) continue;
    const e = fs.entry(p);
    out.set(p, e.kind === "file" ? { ...e, sha256: sha256(fs.readFile(p)) } : e);
  }
  return out;
}

/** Every ancestor directory of `path` below "/", outermost first. */
export function ancestors(path: string): string[] {
  const parts = path.split("/").filter((p) => p !== "");
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push("/" + parts.slice(0, i).join("/"));
  return out;
}
