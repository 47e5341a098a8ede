/**
 * `lib.fileset.toSource { root; fileset; }` as nixpkgs builds it: the
 * tree normalised for filtering (directories with no file dropped, those
 * with every file kept whole) and turned into a `builtins.path` filter,
 * handed to `lib.sources.cleanSourceWith` under the name `source` — so
 * the store path is the one nixpkgs gives. Errors are nixpkgs'.
 */
import { force, NixAttrs, NixFunction, NixPath, typeOf, type Lazy, type Value } from "../../nix/value.ts";
import { attrs, nixThrow, text } from "../../nix/expect.ts";
import { isStringLike } from "../strings-more.ts";
import { coerce, dirOf, type FileSystem } from "./coerce.ts";
import { child, directoryEntries, mapNames, treeType, type FileSet } from "./representation.ts";

/** nixpkgs `_normaliseTreeFilter` (strict in the whole tree). */
function normaliseTreeFilter(fs: FileSystem, path: string, tree: Value): Value {
  if (treeType(tree) !== "directory" && !(tree instanceof NixAttrs)) return tree;
  const entries = directoryEntries(fs.readDir, path, tree);
  const normalised = mapNames(entries.keys(), (n) => normaliseTreeFilter(fs, child(path, n), force(entries.lazy(n) as Lazy)));
  const values = normalised.keys().map((n) => force(normalised.lazy(n) as Lazy));
  if (values.every((v) => v === null)) return null;
  if (values.every((v) => treeType(v) !== undefined)) return "directory";
  return normalised;
}

/** nixpkgs `_toSourceFilter`: is a path (a string) of a type in the file set, or on the way to it. */
export function toSourceFilter(fs: FileSystem, set: FileSet): NixFunction {
  const tree = set.isEmptyWithoutBase ? null : normaliseTreeFilter(fs, set.base, force(set.tree));
  if (tree === null) return new NixFunction(() => new NixFunction(() => false));
  const baseString = set.components.length === 0 ? "/" : `/${set.components.join("/")}/`;
  const inTree = (components: readonly string[]) => {
    let local: Value = tree;
    for (const c of components) {
      if (!(local instanceof NixAttrs)) break;
      local = force(local.lazy(c) ?? null);
    }
    return local !== null;
  };
  return new NixFunction((p) => {
    const path = text(p);
    return new NixFunction((t) => {
      const slashed = `${path}/`;
      const kept = baseString.startsWith(slashed) ? true : !slashed.startsWith(baseString) ? false : inTree(path.slice(baseString.length).split("/"));
      if (kept && text(t) === "unknown") {
        nixThrow(`lib.fileset.toSource: \`fileset\` contains a file that cannot be added to the store: ${path}
    This file is neither a regular file nor a symlink, the only file types supported by the Nix store.
    Therefore the file set cannot be added to the Nix store as is. Make sure to not include that file to avoid this error.`);
      }
      return kept;
    });
  });
}

const isPrefix = (dir: string, p: string) => dir === "/" || p === dir || p.startsWith(`${dir}/`);

/** `toSource { root; fileset; }`, given `cleanSourceWith`. */
export function toSource(fs: FileSystem, cleanSourceWith: () => Value, arg: NixAttrs): Value {
  const rootArg = arg.lazy("root") ?? nixThrow("function 'toSource' called without required argument 'root'");
  const filesetArg = arg.lazy("fileset") ?? nixThrow("function 'toSource' called without required argument 'fileset'");
  const root = force(rootArg);
  if (!(root instanceof NixPath)) {
    if (root instanceof NixAttrs && root.has("_isLibCleanSourceWith")) {
      nixThrow(`lib.fileset.toSource: \`root\` is a \`lib.sources\`-based value, but it should be a path instead.
    To use a \`lib.sources\`-based value, convert it to a file set using \`lib.fileset.fromSource\` and pass it as \`fileset\`.
    Note that this only works for sources created from paths.`);
    }
    if (isStringLike(root)) {
      nixThrow(`lib.fileset.toSource: \`root\` (${fs.toStr(root)}) is a string-like value, but it should be a path instead.
    Paths in strings are not supported by \`lib.fileset\`, use \`lib.sources\` or derivations instead.`);
    }
    nixThrow(`lib.fileset.toSource: \`root\` is of type ${typeOf(root)}, but it should be a path instead.`);
  }
  const set = coerce(fs, "lib.fileset.toSource: `fileset`", filesetArg);
  const rootRoot = fs.splitRoot(root.path).root;
  if (!set.isEmptyWithoutBase && set.baseRoot !== rootRoot) {
    nixThrow(`lib.fileset.toSource: Filesystem roots are not the same for \`fileset\` and \`root\` (${root.path}):
    \`root\`: Filesystem root is "${rootRoot}"
    \`fileset\`: Filesystem root is "${set.baseRoot}"
    Different filesystem roots are not supported.`);
  }
  if (!fs.exists(root)) nixThrow(`lib.fileset.toSource: \`root\` (${root.path}) is a path that does not exist.`);
  if (fs.pathType(root.path) !== "directory") {
    nixThrow(`lib.fileset.toSource: \`root\` (${root.path}) is a file, but it should be a directory instead. Potential solutions:
    - If you want to import the file into the store _without_ a containing directory, use string interpolation or \`builtins.path\` instead of this function.
    - If you want to import the file into the store _with_ a containing directory, set \`root\` to the containing directory, such as ${dirOf(root.path)}, and set \`fileset\` to the file path.`);
  }
  if (!set.isEmptyWithoutBase && !isPrefix(root.path, set.base)) {
    nixThrow(`lib.fileset.toSource: \`fileset\` could contain files in ${set.base}, which is not under the \`root\` (${root.path}). Potential solutions:
    - Set \`root\` to ${set.base} or any directory higher up. This changes the layout of the resulting store path.
    - Set \`fileset\` to a file set that cannot contain files outside the \`root\` (${root.path}). This could change the files included in the result.`);
  }
  const filter = toSourceFilter(fs, set);
  return force((cleanSourceWith() as NixFunction).call(attrs({ name: "source", src: root, filter })));
}
