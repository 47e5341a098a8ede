/**
 * A file set as nixpkgs' lib/fileset represents it (internal version 3),
 * so sets made by nixpkgs' own lib and by ours mix: a `_type = "fileset"`
 * set with a base directory (`_internalBase`, its filesystem root and
 * components) and a tree below it. A tree is `null` (nothing), a file
 * type string (`"directory"`: everything below; `"regular"`, `"symlink"`,
 * `"unknown"`: that file) or a set of names to trees (some entries of a
 * directory). The empty file set has no base.
 */
import { force, isString, NixAttrs, NixPath, stringText, Thunk, type Lazy, type Value } from "../../nix/value.ts";
import { nixThrow } from "../../nix/expect.ts";

export const VERSION = 3n;

export const NO_EVAL = `lib.fileset: Directly evaluating a file set is not supported.
  To turn it into a usable source, use \`lib.fileset.toSource\`.
  To pretty-print the contents, use \`lib.fileset.trace\` or \`lib.fileset.traceVal\`.`;

const noEval = () => new Thunk(() => nixThrow(NO_EVAL));

export const emptyFileSet = NixAttrs.from({ _type: "fileset", _internalVersion: VERSION, _internalIsEmptyWithoutBase: true, _noEval: noEval() });

/** The components of an absolute path ("/" has none). */
export const componentsOf = (path: string): string[] => path.split("/").filter((c) => c !== "");

/** The absolute path of components. */
export const pathOf = (components: readonly string[]): string => `/${components.join("/")}`;

/** A directory's entry. */
export const child = (dir: string, name: string): string => (dir === "/" ? `/${name}` : `${dir}/${name}`);

/** A path's filesystem root and the components below it (nixpkgs reads lib.path.splitRoot, which a lib extension may change). */
export type SplitRoot = (path: string) => { root: string; components: string[] };

/** A filesystem root and components below it as one path (nixpkgs `append root (join components)`). */
export const joinRoot = (root: string, components: readonly string[]): string => (components.length === 0 ? root : root === "/" ? pathOf(components) : `${root}/${components.join("/")}`);

/** nixpkgs `_create base tree`. */
export function createFileSet(splitRoot: SplitRoot, base: string, tree: Lazy): NixAttrs {
  const parts = splitRoot(base);
  return NixAttrs.from({
    _type: "fileset",
    _internalVersion: VERSION,
    _internalIsEmptyWithoutBase: false,
    _internalBase: new NixPath(base),
    _internalBaseRoot: new NixPath(parts.root),
    _internalBaseComponents: parts.components,
    _internalTree: tree,
    _noEval: noEval(),
  });
}

/** What the operations read of a (coerced, current-version) file set. */
export interface FileSet {
  readonly value: NixAttrs;
  readonly isEmptyWithoutBase: boolean;
  readonly base: string;
  readonly baseRoot: string;
  readonly components: readonly string[];
  readonly tree: Lazy;
}

const pathText = (v: Lazy | undefined): string => {
  const x = force(v ?? null);
  return x instanceof NixPath ? x.path : isString(x) ? stringText(x) : String(x);
};

export function readFileSet(value: NixAttrs): FileSet {
  const isEmptyWithoutBase = force(value.lazy("_internalIsEmptyWithoutBase") ?? false) === true;
  if (isEmptyWithoutBase) return { value, isEmptyWithoutBase, base: "", baseRoot: "", components: [], tree: null };
  return {
    value,
    isEmptyWithoutBase,
    base: pathText(value.lazy("_internalBase")),
    baseRoot: pathText(value.lazy("_internalBaseRoot")),
    components: (force(value.lazy("_internalBaseComponents") ?? []) as Lazy[]).map((c) => stringText(force(c) as string)),
    tree: value.lazy("_internalTree") ?? null,
  };
}

/** A tree's file type string, or undefined for `null` and sets. */
export function treeType(tree: Value): string | undefined {
  return isString(tree) ? stringText(tree) : undefined;
}

/** The entries of a directory a tree (`"directory"` or a set) stands for: every entry, those not in a set as `null`. */
export function directoryEntries(readDir: (p: string) => NixAttrs, path: string, tree: Value): NixAttrs {
  if (!(tree instanceof NixAttrs)) return readDir(path);
  const all = new Map<string, Lazy>();
  for (const name of readDir(path).keys()) all.set(name, null);
  tree.forEach((v, name) => all.set(name, v));
  return new NixAttrs(all);
}

/** A set of names to lazily made values. */
export function mapNames(names: readonly string[], f: (name: string) => Value): NixAttrs {
  return new NixAttrs(new Map<string, Lazy>(names.map((n) => [n, new Thunk(() => f(n))])));
}
