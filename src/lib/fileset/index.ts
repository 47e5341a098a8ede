/**
 * `lib.fileset` with nixpkgs' semantics and messages: file sets from paths
 * (`maybeMissing`, `fileFilter`, `fromSource`, `gitTracked`), combined
 * (`union`, `unions`, `intersection`, `difference`), looked at (`toList`,
 * `trace`, `traceVal`, `isFileset`) and copied to the store (`toSource`).
 * The representation is nixpkgs' own (./representation.ts), so file sets
 * of nixpkgs' lib and ours mix.
 */
import { force, NixAttrs, NixPath, typeOf, type Lazy, type Value } from "../../nix/value.ts";
import { call, fn, fnOfSet } from "../fn.ts";
import { expectAttrs, nixThrow, text } from "../../nix/expect.ts";
import { builtin, type LibEnv } from "../lib-context.ts";
import { isStringLike } from "../strings-more.ts";
import { coerce, coerceMany, coerceResult, singleton, type FileSystem } from "./coerce.ts";
import { difference, intersection, unionMany } from "./combine.ts";
import { child, emptyFileSet, type FileSet } from "./representation.ts";
import { toSource } from "./to-source.ts";
import { traceFileSet } from "./print.ts";
import { fileFilter, fromFetchGit, fromSource } from "./from.ts";

export { emptyFileSet };

/** nixpkgs `_toList`: every file, in directory order. */
function toList(fs: FileSystem, set: FileSet): NixPath[] {
  const walk = (path: string, tree: Value): NixPath[] => {
    if (tree instanceof NixAttrs) return tree.keys().flatMap((n) => walk(child(path, n), force(tree.lazy(n) as Lazy)));
    if (tree === null) return [];
    return text(tree) === "directory" ? walk(path, fs.readDir(path)) : [new NixPath(path)];
  };
  return set.isEmptyWithoutBase ? [] : walk(set.base, force(set.tree));
}

export function filesetLib(env: LibEnv): Record<string, Value> {
  const b = (name: string) => builtin(env, name);
  const fs: FileSystem = {
    exists: (p) => call(b("pathExists"), p) === true,
    pathType: (p) => text(call(b("readFileType"), new NixPath(p))),
    readDir: (p) => force(call(b("readDir"), new NixPath(p))) as NixAttrs,
    toStr: (v) => text(call(b("toString"), v)),
    splitRoot: (p) => {
      const parts = force(call(lib("path.splitRoot")(), new NixPath(p))) as NixAttrs;
      const subpath = text(parts.lazy("subpath") as Lazy);
      return { root: (force(parts.lazy("root") as Lazy) as NixPath).path, components: subpath.split("/").filter((c) => c !== "" && c !== ".") };
    },
  };
  const lib = (path: string) => () => path.split(".").reduce<Value>((v, k) => force((v as NixAttrs).lazy(k) as Lazy), env.self());
  const two = (name: string, first: string, second: string) => (x: Lazy, y: Lazy) =>
    coerceMany(fs, `lib.fileset.${name}`, [{ context: first, value: x }, { context: second, value: y }]) as [FileSet, FileSet];
  const printed = (context: string, v: Lazy) => {
    const set = coerce(fs, context, v);
    traceFileSet(fs, set, (line) => env.ctx.trace(line));
    return set;
  };
  const gitEnv = { fetchGit: () => b("fetchGit"), hasStorePathPrefix: (p: NixPath) => call(lib("path.hasStorePathPrefix")(), p) === true };
  return {
    empty: emptyFileSet,
    maybeMissing: fn("maybeMissing", (pl) => {
      const p = force(pl);
      if (!(p instanceof NixPath)) {
        if (isStringLike(p)) nixThrow(`lib.fileset.maybeMissing: Argument ("${fs.toStr(p)}") is a string-like value, but it should be a path instead.`);
        nixThrow(`lib.fileset.maybeMissing: Argument is of type ${typeOf(p)}, but it should be a path instead.`);
      }
      return fs.exists(p) ? singleton(fs, p.path) : emptyFileSet;
    }),
    union: fn("union", (x, y) => unionMany(fs, two("union", "First argument", "Second argument")(x, y))),
    unions: fn("unions", (ls) => {
      const list = force(ls);
      if (!Array.isArray(list)) nixThrow(`lib.fileset.unions: Argument is of type ${typeOf(list)}, but it should be a list instead.`);
      return unionMany(fs, coerceMany(fs, "lib.fileset.unions", list.map((value, i) => ({ context: `Element ${i}`, value }))));
    }),
    intersection: fn("intersection", (x, y) => intersection(fs, ...two("intersection", "First argument", "Second argument")(x, y))),
    difference: fn("difference", (x, y) => difference(fs, ...two("difference", "First argument (positive set)", "Second argument (negative set)")(x, y))),
    fileFilter: fn("fileFilter", (pred, path) => fileFilter(fs, pred, path)),
    fromSource: fn("fromSource", (source) => fromSource(fs, source)),
    toList: fn("toList", (s) => toList(fs, coerce(fs, "lib.fileset.toList: Argument", s))),
    toSource: fnOfSet("toSource", { root: false, fileset: false }, (a) => toSource(fs, lib("sources.cleanSourceWith"), expectAttrs(a))),
    trace: fn("trace", (s) => {
      printed("lib.fileset.trace: Argument", s);
      return fn("trace", (x) => force(x));
    }),
    traceVal: fn("traceVal", (s) => printed("lib.fileset.traceVal: Argument", s).value),
    gitTracked: fn("gitTracked", (path) => fromFetchGit(fs, gitEnv, "gitTracked", "argument", path, {})),
    gitTrackedWith: fnOfSet("gitTrackedWith", { recurseSubmodules: true }, (opts) =>
      fn("gitTrackedWith", (path) => {
        const o = expectAttrs(opts);
        const recurse = o.has("recurseSubmodules") ? force(o.lazy("recurseSubmodules") as Lazy) : false;
        if (typeof recurse !== "boolean") nixThrow(`lib.fileset.gitTrackedWith: Expected the attribute \`recurseSubmodules\` of the first argument to be a boolean, but it's a ${typeOf(recurse)} instead.`);
        return fromFetchGit(fs, gitEnv, "gitTrackedWith", "second argument", path, { submodules: recurse });
      }),
    ),
    isFileset: fn("isFileset", (v) => typeof coerceResult(fs, "", force(v)) !== "string"),
  };
}
