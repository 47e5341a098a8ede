/**
 * Turning arguments into file sets, in nixpkgs' words: a file set (one of
 * an older representation is brought up to date, one of a newer refused),
 * or a path that exists (nixpkgs `_singleton`: a directory is its whole
 * tree; a file is one entry of its directory).
 */
import { force, NixAttrs, NixPath, typeOf, typeTag, type Lazy, type Value } from "../../nix/value.ts";
import { nixThrow } from "../../nix/expect.ts";
import { isStringLike } from "../strings-more.ts";
import { createFileSet, readFileSet, VERSION, type FileSet, type SplitRoot } from "./representation.ts";

/** The filesystem as the file set functions see it (through the lib's builtins). */
export interface FileSystem {
  exists(p: Value): boolean;
  /** lib.filesystem.pathType: "directory", "regular", "symlink" or "unknown". */
  pathType(p: string): string;
  readDir(p: string): NixAttrs;
  toStr(v: Value): string;
  splitRoot: SplitRoot;
}

const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);
export const dirOf = (p: string) => p.slice(0, p.lastIndexOf("/")) || "/";

/** nixpkgs `_singleton`. */
export function singleton(fs: FileSystem, path: string): NixAttrs {
  const type = fs.pathType(path);
  return type === "directory" ? createFileSet(fs.splitRoot, path, type) : createFileSet(fs.splitRoot, dirOf(path), NixAttrs.from({ [baseName(path)]: type }));
}

/** An older file set in the current representation (nixpkgs' migrations). */
function migrate(fs: FileSystem, v: NixAttrs, version: bigint): NixAttrs {
  const base = force(v.lazy("_internalBase") ?? null);
  const added: Record<string, Lazy> = { _internalVersion: VERSION };
  if (version < 1n && base instanceof NixPath) {
    const parts = fs.splitRoot(base.path);
    Object.assign(added, { _internalBaseRoot: new NixPath(parts.root), _internalBaseComponents: parts.components });
  }
  if (version < 3n) added._internalIsEmptyWithoutBase = false;
  return v.update(NixAttrs.from(added));
}

/** nixpkgs `_coerceResult`: the file set, or the message saying why the value is none. */
export function coerceResult(fs: FileSystem, context: string, v: Value): NixAttrs | string {
  if (v instanceof NixAttrs && typeTag(v) === "fileset") {
    const version = force(v.lazy("_internalVersion") ?? 0n) as bigint;
    if (version > VERSION) {
      return `${context} is a file set created from a future version of the file set library with a different internal representation:
    - Internal version of the file set: ${version}
    - Internal version of the library: ${VERSION}
    Make sure to update your Nixpkgs to have a newer version of \`lib.fileset\`.`;
    }
    return version < VERSION ? migrate(fs, v, version) : v;
  }
  if (!(v instanceof NixPath)) {
    if (v instanceof NixAttrs && v.has("_isLibCleanSourceWith")) {
      return `${context} is a \`lib.sources\`-based value, but it should be a file set or a path instead.
    To convert a \`lib.sources\`-based value to a file set you can use \`lib.fileset.fromSource\`.
    Note that this only works for sources created from paths.`;
    }
    if (isStringLike(v)) {
      return `${context} ("${fs.toStr(v)}") is a string-like value, but it should be a file set or a path instead.
    Paths represented as strings are not supported by \`lib.fileset\`, use \`lib.sources\` or derivations instead.`;
    }
    return `${context} is of type ${typeOf(v)}, but it should be a file set or a path instead.`;
  }
  if (!fs.exists(v)) {
    return `${context} (${v.path}) is a path that does not exist.
    To create a file set from a path that may not exist, use \`lib.fileset.maybeMissing\`.`;
  }
  return singleton(fs, v.path);
}

/** nixpkgs `_coerce`. */
export function coerce(fs: FileSystem, context: string, v: Lazy): FileSet {
  const r = coerceResult(fs, context, force(v));
  return typeof r === "string" ? nixThrow(r) : readFileSet(r);
}

/** nixpkgs `_coerceMany`: each argument with its context; all must share a filesystem root. */
export function coerceMany(fs: FileSystem, functionContext: string, args: readonly { context: string; value: Lazy }[]): FileSet[] {
  const sets = args.map((a) => coerce(fs, `${functionContext}: ${a.context}`, a.value));
  const first = sets.find((s) => !s.isEmptyWithoutBase);
  const different = first === undefined ? -1 : sets.findIndex((s) => !s.isEmptyWithoutBase && s.baseRoot !== first.baseRoot);
  if (first !== undefined && different !== -1) {
    nixThrow(`${functionContext}: Filesystem roots are not the same:
    ${args[0]?.context}: Filesystem root is "${first.baseRoot}"
    ${args[different]?.context}: Filesystem root is "${sets[different]?.baseRoot}"
    Different filesystem roots are not supported.`);
  }
  return sets;
}
