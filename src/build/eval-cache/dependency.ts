/**
 * One thing an evaluation read, as the evaluation cache records it: a
 * file's content, a directory's listing, a path's existence or type, an
 * environment variable, a whole tree (a path copied into the store or
 * read as a build's source), the fingerprint of a source tree (a local
 * input), a flake's own directory (its stat fingerprint and its content
 * fingerprint: it holds when either is unchanged), or the newest mtime in
 * a tree (a flake's `lastModified` outside git). Each is kept as a digest of
 * what was seen; `digestNow` looks again, so a recorded dependency holds
 * exactly when its digest is unchanged (a flake's directory: either of
 * its two). Anything unreadable has the
 * digest "missing" (or the error's code), so its later appearance is a
 * change too.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { readTree } from "../../store/read-tree.ts";
import { treeHash } from "../../store/file-tree.ts";
import { sourceFingerprint } from "./source-fingerprint.ts";
import { sourceContent } from "./source-content.ts";
import { newestMtime } from "../../flake/newest-mtime.ts";
import { exists, typeOf } from "../../nix/io.ts";

export type DependencyKind = "file" | "dir" | "exists" | "type" | "env" | "tree" | "source" | "flake" | "mtime";

export interface Dependency {
  readonly kind: DependencyKind;
  /** A path, or for "env" a variable's name. */
  readonly path: string;
  readonly digest: string;
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

function failure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" ? "missing" : `error:${code ?? "unknown"}`;
}

/** What `f` answers, or how it failed. */
function guarded(f: () => string): string {
  try {
    return f();
  } catch (e) {
    return failure(e);
  }
}

export function fileDigest(content: Buffer | undefined): string {
  return content === undefined ? "missing" : `sha256:${sha256(content)}`;
}

export function listingDigest(entries: ReadonlyMap<string, string> | undefined): string {
  return entries === undefined ? "missing" : `sha256:${sha256(JSON.stringify([...entries]))}`;
}

export function envDigest(value: string | undefined): string {
  return value === undefined ? "unset" : `value:${value}`;
}

function typeName(path: string): string {
  return typeOf(lstatSync(path));
}

/** The digest of `kind` at `path` as it is now (the environment is `env`). */
export function digestNow(kind: DependencyKind, path: string, env: Readonly<Record<string, string | undefined>>): string {
  switch (kind) {
    case "file":
      return guarded(() => fileDigest(readFileSync(path)));
    case "dir":
      return guarded(() => listingDigest(new Map(readdirSync(path).sort().map((n) => [n, typeName(`${path}/${n}`)]))));
    case "exists":
      return String(exists(path));
    case "type":
      return guarded(() => typeName(path));
    case "env":
      return envDigest(env[path]);
    case "tree":
      return guarded(() => `sha256:${treeHash("source", readTree(path, "source"))}`);
    case "source":
      return sourceFingerprint(path);
    case "flake":
      return `${sourceFingerprint(path)} ${sourceContent(path)}`;
    case "mtime":
      return guarded(() => String(newestMtime(path)));
  }
}

/**
 * What the dependencies of one or more entries see now, each path looked
 * at once however many entries record it (a lookup tries every entry of
 * an invocation: cached-build.ts); a flake's directory by its stat, and
 * by its content only when its stat changed.
 */
export class Observation {
  private readonly seen = new Map<string, string>();
  readonly env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.env = env;
  }

  private now(kind: string, path: string, look: () => string): string {
    const key = `${kind}\0${path}`;
    let digest = this.seen.get(key);
    if (digest === undefined) this.seen.set(key, (digest = look()));
    return digest;
  }

  /** Whether `d` holds now: its digest unchanged, or a flake's tree unchanged in content when its stat changed. */
  holds(d: Dependency): boolean {
    if (d.kind !== "flake") return this.now(d.kind, d.path, () => digestNow(d.kind, d.path, this.env)) === d.digest;
    const [stat, content] = d.digest.split(" ");
    if (this.now("flake-stat", d.path, () => sourceFingerprint(d.path)) === stat) return true;
    // Only a tree read whole has a content fingerprint to compare (not one too large, unreadable or missing).
    return content?.startsWith("content:") === true && this.now("flake-content", d.path, () => sourceContent(d.path)) === content;
  }

  /**
   * `d`, which holds, as it would be recorded now: a flake's directory
   * that held by its content, with the stat it has now (taken before its
   * content was read), so that the next lookup holds by its stat alone.
   */
  refreshed(d: Dependency): Dependency {
    if (d.kind !== "flake") return d;
    const [stat, content] = d.digest.split(" ");
    const statNow = this.seen.get(`flake-stat\0${d.path}`);
    return statNow === undefined || statNow === stat ? d : { ...d, digest: `${statNow} ${content}` };
  }
}

/** The first dependency that no longer holds, or undefined when all do (`env`: the environment; `observation`: what was seen already). */
export function firstChanged(deps: readonly Dependency[], env: Readonly<Record<string, string | undefined>>, observation = new Observation(env)): Dependency | undefined {
  return deps.find((d) => !observation.holds(d));
}
