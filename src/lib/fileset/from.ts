/**
 * File sets made by walking a directory, as nixpkgs makes them:
 * `fileFilter` (the files whose `{ name; type; hasExt; … }` a predicate
 * accepts), `fromSource` (what a `lib.sources` filter keeps, asked
 * lazily), and `gitTracked`/`gitTrackedWith` (the files of a local Git
 * working tree, through `builtins.fetchGit`). Errors are nixpkgs'.
 */
import { force, NixAttrs, NixFunction, NixPath, Thunk, typeOf, type Lazy, type Value } from "../../nix/value.ts";
import { attrs, expectBool, nixThrow, text } from "../../nix/expect.ts";
import { isStringLike } from "../strings-more.ts";
import { call } from "../fn.ts";
import { dirOf, singleton, type FileSystem } from "./coerce.ts";
import { child, createFileSet, mapNames } from "./representation.ts";

const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

const EXTRA_ATTRIBUTE =
  "lib.fileset.fileFilter: The predicate function passed as the first argument must be able to handle extra attributes for future compatibility. If you're using `{ name, file, hasExt }:`, use `{ name, file, hasExt, ... }:` instead.";

/** `fileFilter predicate path`. */
export function fileFilter(fs: FileSystem, predicate: Lazy, pathArg: Lazy): Value {
  const pred = force(predicate);
  const isFunction = pred instanceof NixFunction || (pred instanceof NixAttrs && pred.has("__functor"));
  if (!isFunction) nixThrow(`lib.fileset.fileFilter: First argument is of type ${typeOf(pred)}, but it should be a function instead.`);
  const root = force(pathArg);
  if (!(root instanceof NixPath)) {
    if (root instanceof NixAttrs && force(root.lazy("_type") ?? "") === "fileset") {
      nixThrow(`lib.fileset.fileFilter: Second argument is a file set, but it should be a path instead.
    If you need to filter files in a file set, use \`intersection fileset (fileFilter pred ./.)\` instead.`);
    }
    nixThrow(`lib.fileset.fileFilter: Second argument is of type ${typeOf(root)}, but it should be a path instead.`);
  }
  if (!fs.exists(root)) nixThrow(`lib.fileset.fileFilter: Second argument (${root.path}) is a path that does not exist.`);
  const fromFile = (name: string, type: string): Value => {
    const hasExt = new NixFunction((ext) => name.endsWith(`.${text(ext)}`));
    return expectBool(call(predicate, attrs({ name, type, hasExt, [EXTRA_ATTRIBUTE]: null }))) ? type : null;
  };
  const fromDir = (path: string): NixAttrs => {
    const entries = fs.readDir(path);
    return mapNames(entries.keys(), (n) => {
      const type = text(entries.lazy(n) as Lazy);
      return type === "directory" ? fromDir(child(path, n)) : fromFile(n, type);
    });
  };
  const type = fs.pathType(root.path);
  if (type === "directory") return createFileSet(fs.splitRoot, root.path, new Thunk(() => fromDir(root.path)));
  return createFileSet(fs.splitRoot, dirOf(root.path), NixAttrs.from({ [baseName(root.path)]: new Thunk(() => fromFile(baseName(root.path), type)) }));
}

/** `fromSource source`: a path, or a `lib.sources` value made from one. */
export function fromSource(fs: FileSystem, sourceArg: Lazy): Value {
  const source = force(sourceArg);
  const filtered = source instanceof NixAttrs && source.has("_isLibCleanSourceWith");
  const path = filtered ? force(source.lazy("origSrc") as Lazy) : source;
  if (!(path instanceof NixPath)) {
    if (isStringLike(path)) {
      nixThrow(`lib.fileset.fromSource: The source origin of the argument is a string-like value ("${fs.toStr(path)}"), but it should be a path instead.
    Sources created from paths in strings cannot be turned into file sets, use \`lib.sources\` or derivations instead.`);
    }
    nixThrow(`lib.fileset.fromSource: The source origin of the argument is of type ${typeOf(path)}, but it should be a path instead.`);
  }
  if (!fs.exists(path)) nixThrow(`lib.fileset.fromSource: The source origin (${path.path}) of the argument is a path that does not exist.`);
  if (!filtered) return singleton(fs, path.path);
  const filter = source.lazy("filter") as Lazy;
  const fromDir = (p: string, pathString: string): NixAttrs => {
    const entries = fs.readDir(p);
    return mapNames(entries.keys(), (n) => {
      const type = text(entries.lazy(n) as Lazy);
      const s = `${pathString}/${n}`;
      if (!expectBool(call(filter, s, type))) return null;
      return type === "directory" ? fromDir(child(p, n), s) : type;
    });
  };
  const rootType = fs.pathType(path.path);
  if (rootType === "directory") return createFileSet(fs.splitRoot, path.path, new Thunk(() => fromDir(path.path, `/${fs.splitRoot(path.path).components.join("/")}`)));
  return createFileSet(fs.splitRoot, dirOf(path.path), NixAttrs.from({ [baseName(path.path)]: rootType }));
}

/** nixpkgs `_fromFetchGit`: the files `builtins.fetchGit` takes from a local working tree. */
export function fromFetchGit(fs: FileSystem, env: { fetchGit: () => Value; hasStorePathPrefix: (p: NixPath) => boolean }, fn: string, argument: string, pathArg: Lazy, extra: Record<string, Lazy>): Value {
  const path = force(pathArg);
  if (!(path instanceof NixPath)) nixThrow(`lib.fileset.${fn}: Expected the ${argument} to be a path, but it's a ${typeOf(path)} instead.`);
  if (fs.pathType(path.path) !== "directory") nixThrow(`lib.fileset.${fn}: Expected the ${argument} (${path.path}) to be a directory, but it's a file instead.`);
  const hasGit = fs.exists(new NixPath(child(path.path, ".git")));
  if (env.hasStorePathPrefix(path)) {
    if (!hasGit) return singleton(fs, path.path);
    nixThrow(`lib.fileset.${fn}: The ${argument} (${path.path}) is a store path within a working tree of a Git repository.
    This indicates that a source directory was imported into the store using a method such as \`import "\${./.}"\` or \`path:.\`.
    This function currently does not support such a use case, since it currently relies on \`builtins.fetchGit\`.
    You could make this work by using a fetcher such as \`fetchGit\` instead of copying the whole repository.
    If you can't avoid copying the repo to the store, see https://github.com/NixOS/nix/issues/9292.`);
  }
  if (!hasGit) nixThrow(`lib.fileset.${fn}: Expected the ${argument} (${path.path}) to point to a local working tree of a Git repository, but it's not.`);
  const fetched = force(call(env.fetchGit(), attrs({ url: path.path, shallow: true, ...extra })));
  const storePath = fs.toStr(force((fetched as NixAttrs).lazy("outPath") as Lazy));
  const mirror = (p: string): NixAttrs => {
    const entries = fs.readDir(p);
    return mapNames(entries.keys(), (n) => {
      const type = text(entries.lazy(n) as Lazy);
      return type === "directory" ? mirror(child(p, n)) : type;
    });
  };
  return createFileSet(fs.splitRoot, path.path, new Thunk(() => mirror(storePath)));
}
