/**
 * Filesystem builtins, all through the context's EvalIO: `import`,
 * `scopedImport`, `readFile`, `readDir`, `readFileType`, `pathExists`,
 * `toPath`, `findFile`, `storePath` and `getEnv` (always "" in pure
 * evaluation); `path` and `filterSource` are in ./path-copy.ts. A path argument may be a path, an
 * absolute string, or a set with `outPath`; strings that refer to the
 * store are used as they are (nothing is built). Under pure evaluation
 * the context's io refuses paths outside the allowed trees (pathExists
 * says false for them, as Nix's does). System errors read as
 * Nix's ("opening file '/x': No such file or directory").
 */
import { decodeBytes } from "../byte-string.ts";
import { mkString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { force, isString, NixAttrs, NixPath, stringText, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import type { EvalIO } from "../io.ts";
import { getAttrOrThrow } from "./attrs.ts";
import { argFrame, coerceString, forceAttrs, forceList, forceStringNoCtx, primop } from "./primop.ts";
import { canonPath } from "../canon-path.ts";
import { RestrictedPathError } from "../path-access.ts";
import { findInSearchPath, type SearchPathEntry } from "../search-path.ts";
import { systemError } from "../../diagnostics/system-error.ts";

const PATH_TEXT = { coerceMore: false, copyToStore: false } as const;

/** The absolute path a builtin argument names. */
export function realisePath(ctx: BuiltinContext, v: Lazy, frame: string): string {
  const x = force(v);
  if (x instanceof NixPath) return x.path;
  const s = coerceString(ctx, x, frame, { coerceMore: false, copyToStore: false }).text;
  if (!s.startsWith("/")) throw new EvalError(`string '${s}' doesn't represent an absolute path`).withContext(frame);
  return canonPath(s);
}

/** Runs an IO call, turning Node's errors into Nix's wording ("opening file '/x': …"). */
export function io<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    const why = systemError(e);
    if (why !== undefined) throw new EvalError(`${what}: ${why}`);
    throw e;
  }
}

function importTarget(ctx: BuiltinContext, v: Lazy, name: string): string {
  const p = realisePath(ctx, v, argFrame(name === "import" ? 0 : 1, name));
  const isDir = io(`getting status of '${p}'`, () => {
    if (!ctx.io.pathExists(p)) throw Object.assign(new Error(p), { code: "ENOENT" });
    return ctx.io.fileType(p) === "directory";
  });
  return isDir ? `${p}/default.nix` : p;
}

/** Whether `path` is a directory, a final symlink followed. */
function isDirectory(io: EvalIO, path: string): boolean {
  if (!io.pathExists(path)) return false;
  const type = io.fileType(path);
  if (type !== "symlink") return type === "directory";
  try {
    io.readDir(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether `path` is a symlink (perhaps to nothing: a dangling link exists for `pathExists`, as in Nix). */
function isSymlink(io: EvalIO, path: string): boolean {
  const slash = path.lastIndexOf("/");
  if (slash < 0 || path === "/") return false;
  try {
    return io.readDir(path.slice(0, slash) || "/").get(path.slice(slash + 1)) === "symlink";
  } catch {
    return false;
  }
}

/** `findFile searchPath name`: as `<name>` looks it up (../search-path.ts); entries' paths may be relative to the working directory. */
function findFile(ctx: BuiltinContext, searchPath: Lazy, lookup: Lazy): Value {
  const entries: SearchPathEntry[] = [];
  for (const item of forceList(searchPath, argFrame(0, "findFile"))) {
    const entry = forceAttrs(item, "while evaluating an element of the list passed to builtins.findFile");
    const prefixV = entry.lazy("prefix");
    const prefix = prefixV === undefined ? "" : forceStringNoCtx(prefixV, "while evaluating the `prefix` attribute of an element of the list passed to builtins.findFile");
    const pathV = getAttrOrThrow(entry, "path", "in an element of the __nixPath");
    const path = coerceString(ctx, pathV, "while evaluating the `path` attribute of an element of the list passed to builtins.findFile", PATH_TEXT).text;
    entries.push({ prefix, path });
  }
  const name = forceStringNoCtx(lookup, argFrame(1, "findFile"));
  return new NixPath(findInSearchPath(ctx.io, entries, name, ctx.pure));
}

export function fileBuiltins(ctx: BuiltinContext): Record<string, Value> {
  return {
    import: primop("import", 1, (p) => ctx.importPath(importTarget(ctx, p, "import"))),
    scopedImport: primop("scopedImport", 2, (s, p) => ctx.scopedImport(forceAttrs(s, argFrame(0, "scopedImport")), importTarget(ctx, p, "scopedImport"))),
    readFile: primop("readFile", 1, (p) => {
      const path = realisePath(ctx, p, argFrame(0, "readFile"));
      return decodeBytes(io(`opening file '${path}'`, () => ctx.io.readFile(path)));
    }),
    readDir: primop("readDir", 1, (p) => {
      const path = realisePath(ctx, p, argFrame(0, "readDir"));
      const entries = io(`opening directory '${path}'`, () => ctx.io.readDir(path));
      return new NixAttrs(new Map<string, Lazy>(entries));
    }),
    readFileType: primop("readFileType", 1, (p) => {
      const path = realisePath(ctx, p, argFrame(0, "readFileType"));
      return io(`getting status of '${path}'`, () => ctx.io.fileType(path));
    }),
    pathExists: primop("pathExists", 1, (p) => {
      const x = force(p);
      // A string ending in "/" or "/." asks for a directory.
      const mustBeDir = isString(x) && /\/\.?$/.test(stringText(x));
      const path = realisePath(ctx, x, argFrame(0, "pathExists"));
      try {
        return mustBeDir ? isDirectory(ctx.io, path) : ctx.io.pathExists(path) || isSymlink(ctx.io, path);
      } catch (e) {
        // As Nix: a path pure evaluation may not read does not exist, rather than an error.
        if (e instanceof RestrictedPathError) return false;
        throw e;
      }
    }),
    toPath: primop("toPath", 1, (p) => realisePath(ctx, p, argFrame(0, "toPath"))),
    findFile: primop("findFile", 2, (s, n) => findFile(ctx, s, n)),
    getEnv: primop("getEnv", 1, (n) => {
      const name = forceStringNoCtx(n, argFrame(0, "getEnv"));
      return ctx.pure ? "" : (ctx.io.getEnv(name) ?? "");
    }),
    storePath: primop("storePath", 1, (p) => {
      if (ctx.pure) throw new EvalError("'builtins.storePath' is not allowed in pure evaluation mode");
      const path = realisePath(ctx, p, argFrame(0, "storePath"));
      if (!ctx.store.isInStore(path)) throw new EvalError(`path '${path}' is not in the Nix store`);
      const top = ctx.store.toStorePath(path);
      return mkString(path, new Set([top]));
    }),
  };
}
