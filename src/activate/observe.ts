/**
 * Observation of the target: a read-only snapshot of every path the plan
 * needs to decide about (new and old managed paths, their backups, parent
 * directories), with the content hash of regular files, and of the
 * generation's own files, and the generation a profile's link is on.
 * Nothing here writes.
 */
import { createHash } from "node:crypto";
import type { Entry, RootFs } from "./root-fs.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { currentGenerationNumber, generationLink, type Profile } from "./generations.ts";

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

/**
 * The store path `profile`'s current link leads to (`<name>` →
 * `<name>-N-link` → store path), or undefined when it is missing, broken
 * or reached through a link on the way (RootFs refuses to follow one).
 */
export function profileGeneration(fs: RootFs, profile: Profile): string | undefined {
  try {
    const n = currentGenerationNumber(fs, profile);
    const e = n === undefined ? undefined : fs.entry(generationLink(profile, n));
    return e?.kind === "symlink" ? e.target : undefined;
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}
