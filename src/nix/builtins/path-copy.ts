/**
 * `builtins.path { path; name?; filter?; recursive?; sha256?; }` and
 * `filterSource filter path`: the store path Nix gives a copy of a path.
 * A recursive copy is addressed by the sha256 of its NAR (../nar-hash.ts),
 * entries the filter rejects left out (the filter gets each entry's path
 * as a string and its type, as in Nix); a flat one (`recursive = false`)
 * by the sha256 of the file. A plain copy (every entry, recursive, under
 * its own base name) goes through the context's copyToStore, as `"${p}"`
 * does; any other is computed here and recorded in the evaluation's
 * store (EvalStore.sources) for an embedder to realise and to read.
 */
import { createHash } from "node:crypto";
import { mkString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { narHash, type NarFilter } from "../nar-hash.ts";
import { type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { getAttrOrThrow } from "./attrs.ts";
import { io, realisePath } from "./files.ts";
import { parseHash } from "./hashing.ts";
import { argFrame, callFunction, forceAttrs, forceBool, forceFunction, forceStringNoCtx, primop } from "./primop.ts";
import { baseName } from "./strings.ts";

interface CopyOptions {
  readonly name: string;
  readonly filter: Value | undefined;
  readonly recursive: boolean;
  /** The sha256 the copy must have (any of Nix's hash forms). */
  readonly sha256: string | undefined;
}

function narFilter(filter: Value): NarFilter {
  return (path, type) => forceBool(callFunction(filter, mkString(path, new Set()), type), "while evaluating the return value of the path filter function");
}

/** The store path of `path` copied as `opts` say. */
export function copyPath(ctx: BuiltinContext, path: string, opts: CopyOptions): Value {
  if (opts.filter === undefined && opts.recursive && opts.sha256 === undefined && opts.name === baseName(path)) {
    const copied = io(`getting status of '${path}'`, () => ctx.copyToStore(path));
    return mkString(copied, new Set([copied]));
  }
  const filter = opts.filter === undefined ? undefined : narFilter(opts.filter);
  const digest = io(`getting status of '${path}'`, () => {
    if (!ctx.io.pathExists(path)) throw Object.assign(new Error(path), { code: "ENOENT" });
    if (opts.recursive) return narHash(ctx.io, path, filter);
    if (ctx.io.fileType(path) !== "regular") throw new EvalError(`file '${path}' is not a regular file, so it cannot be copied flat to the store`);
    return createHash("sha256").update(ctx.io.readFile(path)).digest();
  });
  const storePath = ctx.store.makeFixedOutputPath(opts.recursive, "sha256", digest.toString("hex"), opts.name);
  if (opts.sha256 !== undefined) {
    const expected = parseHash(opts.sha256, "sha256");
    if (expected.algo !== "sha256" || !expected.bytes.equals(digest)) throw new EvalError(`store path mismatch in (possibly filtered) path added from '${path}'`);
  }
  ctx.store.sources.set(storePath, { path, recursive: opts.recursive, filter });
  return mkString(storePath, new Set([storePath]));
}

function pathBuiltin(ctx: BuiltinContext, args: Lazy): Value {
  const set = forceAttrs(args, argFrame(0, "path"));
  const path = realisePath(ctx, getAttrOrThrow(set, "path", "in the attrset passed as argument to builtins.path"), "while evaluating the 'path' attribute passed to builtins.path");
  const nameV = set.lazy("name");
  const filterV = set.lazy("filter");
  const recursiveV = set.lazy("recursive");
  const sha256V = set.lazy("sha256");
  return copyPath(ctx, path, {
    name: nameV === undefined ? baseName(path) : forceStringNoCtx(nameV, "while evaluating the `name` attribute passed to builtins.path"),
    filter: filterV === undefined ? undefined : forceFunction(filterV, "while evaluating the `filter` parameter passed to builtins.path"),
    recursive: recursiveV === undefined ? true : forceBool(recursiveV, "while evaluating the `recursive` attribute passed to builtins.path"),
    sha256: sha256V === undefined ? undefined : forceStringNoCtx(sha256V, "while evaluating the `sha256` attribute passed to builtins.path"),
  });
}

export function pathCopyBuiltins(ctx: BuiltinContext): Record<string, Value> {
  return {
    path: primop("path", 1, (a) => pathBuiltin(ctx, a)),
    filterSource: primop("filterSource", 2, (f, p) => {
      const filter = forceFunction(f, argFrame(0, "filterSource"));
      const path = realisePath(ctx, p, argFrame(1, "filterSource"));
      return copyPath(ctx, path, { name: baseName(path), filter, recursive: true, sha256: undefined });
    }),
  };
}
