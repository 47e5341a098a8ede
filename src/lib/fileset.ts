/**
 * `lib.fileset`, the part that builds and reads file sets: `empty`,
 * `maybeMissing`, `union`, `unions`, `toList` and `isFileset`. A file set
 * is the paths it holds wholesale (a file, or a directory with everything
 * below it), none inside another; a path stands for the file set of that
 * path, and must exist. The messages are nixpkgs'. A file set is a Nix
 * set tagged `_type = "fileset"` whose `_noEval` refuses to be evaluated.
 */
import { force, NixAttrs, NixPath, Thunk, typeOf, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { nixThrow, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { isStringLike } from "./strings-more.ts";

const NO_EVAL = `lib.fileset: Directly evaluating a file set is not supported.
  To turn it into a usable source, use \`lib.fileset.toSource\`.
  To pretty-print the contents, use \`lib.fileset.trace\` or \`lib.fileset.traceVal\`.`;

/** The version of nixpkgs' file set representation this one stands for (a file set of another version is refused). */
const VERSION = 3n;

export class FileSetAttrs extends NixAttrs {
  /** The paths held wholesale, sorted, none inside another. */
  readonly roots: readonly string[];
  constructor(roots: readonly string[]) {
    super(
      new Map<string, Lazy>([
        ["_type", "fileset"],
        ["_internalVersion", VERSION],
        ["_internalIsEmptyWithoutBase", roots.length === 0],
        ["_noEval", new Thunk(() => nixThrow(NO_EVAL))],
      ]),
    );
    this.roots = roots;
  }
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir === "/" ? "/" : `${dir}/`);

/** The union of file sets: every root, less those inside another. */
export function unionOf(sets: readonly FileSetAttrs[]): FileSetAttrs {
  const all = [...new Set(sets.flatMap((s) => s.roots))].sort();
  return new FileSetAttrs(all.filter((p) => !all.some((q) => q !== p && inside(p, q))));
}

export const emptyFileSet = new FileSetAttrs([]);

export function filesetLib(env: LibEnv): Record<string, Value> {
  const exists = (p: Value) => call(builtin(env, "pathExists"), p) === true;
  const fileType = (p: string) => text(call(builtin(env, "readFileType"), new NixPath(p)));
  const readDir = (p: string) => force(call(builtin(env, "readDir"), new NixPath(p))) as NixAttrs;
  const toStringValue = (v: Value) => text(call(builtin(env, "toString"), v));

  /** A file set from a value, or why the value is none (`context` opens the message). */
  const coerce = (context: string, v: Value): FileSetAttrs | string => {
    if (v instanceof FileSetAttrs) return v;
    if (typeTag(v) === "fileset") {
      return `${context} is a file set created from a future version of the file set library with a different internal representation:
    - Internal version of the file set: ${String(force((v as NixAttrs).lazy("_internalVersion") ?? null))}
    - Internal version of the library: ${VERSION}
    Make sure to update your Nixpkgs to have a newer version of \`lib.fileset\`.`;
    }
    if (!(v instanceof NixPath)) {
      if (v instanceof NixAttrs && v.has("_isLibCleanSourceWith")) {
        return `${context} is a \`lib.sources\`-based value, but it should be a file set or a path instead.
    To convert a \`lib.sources\`-based value to a file set you can use \`lib.fileset.fromSource\`.
    Note that this only works for sources created from paths.`;
      }
      if (isStringLike(v)) {
        return `${context} ("${toStringValue(v)}") is a string-like value, but it should be a file set or a path instead.
    Paths represented as strings are not supported by \`lib.fileset\`, use \`lib.sources\` or derivations instead.`;
      }
      return `${context} is of type ${typeOf(v)}, but it should be a file set or a path instead.`;
    }
    if (!exists(v)) {
      return `${context} (${v.path}) is a path that does not exist.
    To create a file set from a path that may not exist, use \`lib.fileset.maybeMissing\`.`;
    }
    return new FileSetAttrs([v.path]);
  };
  const coerced = (context: string, v: Lazy): FileSetAttrs => {
    const r = coerce(context, force(v));
    return typeof r === "string" ? nixThrow(r) : r;
  };

  /** The files below a path, depth first, names in order. */
  const files = (p: string): string[] => {
    if (fileType(p) !== "directory") return [p];
    const entries = readDir(p);
    return entries.keys().flatMap((name) => {
      const child = p === "/" ? `/${name}` : `${p}/${name}`;
      return text(entries.get(name) as Value) === "directory" ? files(child) : [child];
    });
  };

  return {
    empty: emptyFileSet,
    maybeMissing: fn("maybeMissing", (pl) => {
      const p = force(pl);
      if (!(p instanceof NixPath)) {
        if (isStringLike(p)) nixThrow(`lib.fileset.maybeMissing: Argument ("${toStringValue(p)}") is a string-like value, but it should be a path instead.`);
        nixThrow(`lib.fileset.maybeMissing: Argument is of type ${typeOf(p)}, but it should be a path instead.`);
      }
      return exists(p) ? new FileSetAttrs([p.path]) : emptyFileSet;
    }),
    union: fn("union", (a, b) => unionOf([coerced("lib.fileset.union: First argument", a), coerced("lib.fileset.union: Second argument", b)])),
    unions: fn("unions", (ls) => {
      const list = force(ls);
      if (!Array.isArray(list)) nixThrow(`lib.fileset.unions: Argument is of type ${typeOf(list)}, but it should be a list instead.`);
      return unionOf(list.map((el, i) => coerced(`lib.fileset.unions: Element ${i}`, el)));
    }),
    toList: fn("toList", (s) => coerced("lib.fileset.toList: Argument", s).roots.flatMap(files).map((p) => new NixPath(p))),
    isFileset: fn("isFileset", (v) => typeof coerce("", force(v)) !== "string"),
  };
}
