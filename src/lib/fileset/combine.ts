/**
 * Combining file sets as nixpkgs does: the union of many (based at their
 * common ancestor), the intersection of two (based at the deeper base;
 * empty when neither base holds the other) and the difference of two
 * (based at the positive set's base).
 */
import { NixAttrs, Thunk, type Value } from "../../nix/value.ts";
import type { FileSystem } from "./coerce.ts";
import { createFileSet, emptyFileSet, joinRoot, type FileSet } from "./representation.ts";
import { commonPrefix, differenceTrees, intersectTrees, lengthenTreeBase, shortenTreeBase, unionTrees } from "./trees.ts";

/** nixpkgs `_unionMany`. */
export function unionMany(fs: FileSystem, sets: readonly FileSet[]): NixAttrs {
  const withBase = sets.filter((s) => !s.isEmptyWithoutBase);
  if (withBase.length === 0) return emptyFileSet;
  const common = withBase.slice(1).reduce((c, s) => commonPrefix(c, s.components), [...(withBase[0] as FileSet).components]);
  return createFileSet(fs.splitRoot, joinRoot((withBase[0] as FileSet).baseRoot, common), new Thunk(() => unionTrees(withBase.map((s) => new Thunk(() => shortenTreeBase(common, s))))));
}

/** nixpkgs `_intersection`. */
export function intersection(fs: FileSystem, a: FileSet, b: FileSet): NixAttrs {
  const common = commonPrefix(a.components, b.components).length;
  const longest = common === a.components.length ? b : common === b.components.length ? a : undefined;
  if (a.isEmptyWithoutBase || b.isEmptyWithoutBase || longest === undefined) return emptyFileSet;
  return createFileSet(
    fs.splitRoot,
    longest.base,
    new Thunk(() => intersectTrees(new Thunk(() => lengthenTreeBase(longest.components, a)), new Thunk(() => lengthenTreeBase(longest.components, b)))),
  );
}

/** nixpkgs `_difference`. */
export function difference(fs: FileSystem, positive: FileSet, negative: FileSet): NixAttrs {
  if (positive.isEmptyWithoutBase) return emptyFileSet;
  if (negative.isEmptyWithoutBase) return positive.value;
  const common = commonPrefix(positive.components, negative.components).length;
  const negativeTree = (): Value =>
    common === positive.components.length
      ? shortenTreeBase(positive.components, negative)
      : common === negative.components.length
        ? lengthenTreeBase(positive.components, negative)
        : null;
  return createFileSet(fs.splitRoot, positive.base, new Thunk(() => differenceTrees(fs.readDir, positive.base, positive.tree, new Thunk(negativeTree))));
}
