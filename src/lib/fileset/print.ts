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
  // Each test reads the entries only until one fails it, as nixpkgs' `all` does.
  const all = (test: (v: Value) => boolean) => normalised.keys().every((n) => test(force(normalised.lazy(n) as Lazy)));
  if (all((v) => treeType(v) === "emptyDir")) return "emptyDir";
  if (type === "directory" || all((v) => treeType(v) !== undefined)) return "directory";
  if (all((v) => v === null || treeType(v) === "emptyDir")) return null;
  return normalised;
}

const suffix = (tree: Value) => (tree instanceof NixAttrs ? "" : treeType(tree) === "directory" ? " (all files in directory)" : ` (${treeType(tree)})`);

/** Traces a file set's lines in order, each as soon as it is known (an entry failing to evaluate stops the picture there). */
export function traceFileSet(fs: FileSystem, set: FileSet, emit: (line: string) => void): void {
  if (set.isEmptyWithoutBase) return emit("(empty)");
  const tree = normaliseTreeMinimal(fs, set.base, force(set.tree));
  if (tree === null || treeType(tree) === "emptyDir") return emit("(empty)");
  emit(`${set.base}${suffix(tree)}`);
  const walk = (indent: string, t: NixAttrs) => {
    for (const name of t.keys()) {
      const sub = force(t.lazy(name) as Lazy);
      if (sub === null || treeType(sub) === "emptyDir") continue;
      emit(`${indent}- ${name}${suffix(sub)}`);
      if (sub instanceof NixAttrs) walk(`${indent}  `, sub);
    }
  };
  if (tree instanceof NixAttrs) walk("", tree);
}
