/**
 * `lib.fileset.trace`/`traceVal`'s picture of a file set, as nixpkgs
 * traces it: the base, then each entry indented below it, a directory
 * holding every file marked "(all files in directory)", a file by its
 * type; directories without files are left out ("(empty)" when nothing
 * is left).
 */
import { force, NixAttrs, type Lazy, type Value } from "../../nix/value.ts";
import type { FileSystem } from "./coerce.ts";
import { child, directoryEntries, mapNames, treeType, type FileSet } from "./representation.ts";

/** nixpkgs `_normaliseTreeMinimal`: "emptyDir" for directories without files. */
function normaliseTreeMinimal(fs: FileSystem, path: string, tree: Value): Value {
  const type = treeType(tree);
  if (type !== "directory" && !(tree instanceof NixAttrs)) return tree;
  const entries = directoryEntries(fs.readDir, path, tree);
  const normalised = mapNames(entries.keys(), (n) => normaliseTreeMinimal(fs, child(path, n), force(entries.lazy(n) as Lazy)));
  const values = normalised.keys().map((n) => force(normalised.lazy(n) as Lazy));
  if (values.every((v) => treeType(v) === "emptyDir")) return "emptyDir";
  if (type === "directory" || values.every((v) => treeType(v) !== undefined)) return "directory";
  if (values.every((v) => v === null || treeType(v) === "emptyDir")) return null;
  return normalised;
}

const suffix = (tree: Value) => (tree instanceof NixAttrs ? "" : treeType(tree) === "directory" ? " (all files in directory)" : ` (${treeType(tree)})`);

/** The trace lines of a file set, in order. */
export function fileSetLines(fs: FileSystem, set: FileSet): string[] {
  if (set.isEmptyWithoutBase) return ["(empty)"];
  const tree = normaliseTreeMinimal(fs, set.base, force(set.tree));
  if (tree === null || treeType(tree) === "emptyDir") return ["(empty)"];
  const lines = [`${set.base}${suffix(tree)}`];
  const walk = (indent: string, t: NixAttrs) => {
    for (const name of t.keys()) {
      const sub = force(t.lazy(name) as Lazy);
      if (sub === null || treeType(sub) === "emptyDir") continue;
      lines.push(`${indent}- ${name}${suffix(sub)}`);
      if (sub instanceof NixAttrs) walk(`${indent}  `, sub);
    }
  };
  if (tree instanceof NixAttrs) walk("", tree);
  return lines;
}
