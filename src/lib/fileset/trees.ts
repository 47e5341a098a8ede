/**
 * nixpkgs lib/fileset's tree algebra: the union of trees (later ones read
 * only when needed), the intersection and difference of two, and moving
 * a tree to a shorter or longer base.
 */
import { force, NixAttrs, type Lazy, type Value } from "../../nix/value.ts";
import { child, directoryEntries, mapNames, treeType, type FileSet } from "./representation.ts";

/** nixpkgs `_unionTrees`: a string (everything, or a file) wins; sets merge by name. */
export function unionTrees(trees: readonly Lazy[]): Value {
  // Read in order, stopping at the first string: what follows it is never evaluated.
  const forced: Value[] = [];
  for (const t of trees) {
    const v = force(t);
    if (treeType(v) !== undefined) return v;
    forced.push(v);
  }
  const sets = forced.filter((t): t is NixAttrs => t instanceof NixAttrs);
  if (sets.length === 0) return null;
  const names = [...new Set(sets.flatMap((s) => s.keys()))];
  return mapNames(names, (n) => unionTrees(sets.filter((s) => s.has(n)).map((s) => s.lazy(n) as Lazy)));
}

/** nixpkgs `_intersectTree`. */
export function intersectTrees(lhs: Lazy, rhs: Lazy): Value {
  const l = force(lhs);
  if (l instanceof NixAttrs) {
    const r = force(rhs);
    if (r instanceof NixAttrs) return mapNames(l.keys().filter((n) => r.has(n)), (n) => intersectTrees(l.lazy(n) as Lazy, r.lazy(n) as Lazy));
  }
  if (l === null || treeType(force(rhs)) !== undefined) return l;
  return force(rhs);
}

/** nixpkgs `_differenceTree`. */
export function differenceTrees(readDir: (p: string) => NixAttrs, path: string, lhs: Lazy, rhs: Lazy): Value {
  const l = force(lhs);
  const r = l === null ? null : force(rhs);
  if (l === null || treeType(r) !== undefined) return null;
  if (r === null) return l;
  const entries = directoryEntries(readDir, path, l);
  const negative = r as NixAttrs;
  return mapNames(entries.keys(), (n) => differenceTrees(readDir, child(path, n), entries.lazy(n) as Lazy, negative.lazy(n) ?? null));
}

/** nixpkgs `_shortenTreeBase`: the tree of a file set seen from an ancestor of its base. */
export function shortenTreeBase(target: readonly string[], fs: FileSet): Value {
  let tree: Lazy = fs.tree;
  for (let i = fs.components.length - 1; i >= target.length; i--) tree = NixAttrs.from({ [fs.components[i] as string]: tree });
  return force(tree);
}

/** nixpkgs `_lengthenTreeBase`: the part of a file set's tree below a descendant of its base. */
export function lengthenTreeBase(target: readonly string[], fs: FileSet): Value {
  let tree = force(fs.tree);
  for (let i = fs.components.length; tree instanceof NixAttrs && i < target.length; i++) tree = force(tree.lazy(target[i] as string) ?? null);
  return tree;
}

/** nixpkgs' lib.lists.commonPrefix of component lists. */
export function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}
