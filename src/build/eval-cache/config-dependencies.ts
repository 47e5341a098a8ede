/**
 * What a configuration's evaluation depends on besides the files it reads
 * through the evaluator: a flake's own directory (before the build: `self`
 * carries its narHash, lastModified and git revision) and, --offline, the
 * fetch cache (what offline locking finds there, or not), and after the build
 * the locks as the build left them (flake.lock: the inputs' locked
 * identities; system-manager.lock: the packages), the trees of local
 * inputs (`path:`, or a git work tree without a revision) that flake.lock
 * names, and a TypeScript configuration's files; during the build, the
 * source trees it reads (recordedSources).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EvalRecorder } from "./eval-recorder.ts";
import type { SourceReader } from "../generation-spec.ts";
import type { PathAccess } from "../../nix/path-access.ts";

/** Local trees flake.lock's nodes are locked to (paths, or git work trees without a rev), absolute. */
export function localInputs(flakeDir: string): string[] {
  let lock: { nodes?: Record<string, { locked?: Record<string, unknown> }> };
  try {
    lock = JSON.parse(readFileSync(join(flakeDir, "flake.lock"), "utf8"));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const node of Object.values(lock.nodes ?? {})) {
    const l = node.locked;
    if (l === undefined) continue;
    if (l.type === "path" && typeof l.path === "string") out.push(resolve(flakeDir, l.path));
    else if (typeof l.url === "string" && l.url.startsWith("file:") && (l.type !== "git" || l.rev === undefined)) out.push(resolve(flakeDir, l.url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "")));
  }
  return out;
}

/** Before the build: the flake's directory, and the fetch cache when it alone answers (offline). */
export function recordBefore(recorder: EvalRecorder, flakeDir: string | undefined, offlineFetchCache?: string): void {
  if (flakeDir !== undefined) recorder.add("flake", flakeDir);
  if (flakeDir !== undefined && offlineFetchCache !== undefined) recorder.add("source", offlineFetchCache);
}

/** After the build: the locks, the local inputs and a TypeScript configuration's files. */
export function recordAfter(recorder: EvalRecorder, opts: { readonly flakeDir?: string; readonly packageLock: string; readonly files?: readonly string[] }): void {
  if (opts.flakeDir !== undefined) {
    recorder.add("file", join(opts.flakeDir, "flake.lock"));
    for (const p of localInputs(opts.flakeDir)) recorder.add("source", p);
  }
  recorder.add("file", opts.packageLock);
  for (const f of opts.files ?? []) recorder.add("file", f);
}

/** `read`, telling the recorder each source tree the build reads (a pure flake's reader tells it through its PathAccess already). */
export function recordedSources(read: SourceReader, access: PathAccess | undefined, recorder: EvalRecorder | undefined): SourceReader {
  if (recorder === undefined || access?.pure === true) return read;
  return (path) => {
    recorder.tree(path);
    return read(path);
  };
}
