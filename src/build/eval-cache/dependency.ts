/**
 * One thing an evaluation read, as the evaluation cache records it: a
 * file's content, a directory's listing, a path's existence or type, an
 * environment variable, a whole tree (a path copied into the store or
 * read as a build's source), or the fingerprint of a source tree (a
 * flake's own directory, a local input). Each is kept as a digest of
 * what was seen; `digestNow` looks again, so a recorded dependency holds
 * exactly when its digest is unchanged. Anything unreadable has the
 * digest "missing" (or the error's code), so its later appearance is a
 * change too.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { readTree } from "../../store/read-tree.ts";
import { treeHash } from "../../store/file-tree.ts";
import { sourceFingerprint } from "./source-fingerprint.ts";
import { exists, typeOf } from "../../nix/io.ts";

export type DependencyKind = "file" | "dir" | "exists" | "type" | "env" | "tree" | "source";

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
  }
}

/** The first dependency that no longer holds, or undefined when all do. */
export function firstChanged(deps: readonly Dependency[], env: Readonly<Record<string, string | undefined>>): Dependency | undefined {
  return deps.find((d) => digestNow(d.kind, d.path, env) !== d.digest);
}
