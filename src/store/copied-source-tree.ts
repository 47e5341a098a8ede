/**
 * The content of a copy an evaluation computed without writing it
 * (`builtins.path { name; filter; recursive; }`, `filterSource`:
 * EvalStore.sources): the source read from the host, entries the filter
 * rejects left out (a rejected directory with all below it), a flat copy
 * as its one file, not executable.
 */
import type { StoreSource } from "../nix/eval-store.ts";
import type { FileType } from "../nix/io.ts";
import type { FileTree, TreeEntry } from "./file-tree.ts";
import { readTree } from "./read-tree.ts";

export function copiedSourceTree(source: StoreSource): FileTree {
  const tree = readTree(source.path, "source");
  if (!source.recursive) {
    const file = tree.get("");
    return new Map<string, TreeEntry>([["", file?.kind === "file" ? { ...file, executable: false } : (file as TreeEntry)]]);
  }
  const filter = source.filter;
  if (filter === undefined) return tree;
  const verdicts = new Map<string, boolean>();
  const kept = (rel: string, type: FileType): boolean => {
    const known = verdicts.get(rel);
    if (known !== undefined) return known;
    const slash = rel.lastIndexOf("/");
    const ok = (slash < 0 || kept(rel.slice(0, slash), "directory")) && filter(`${source.path}/${rel}`, type);
    verdicts.set(rel, ok);
    return ok;
  };
  return new Map([...tree].filter(([rel, e]) => rel === "" || kept(rel, e.kind === "file" ? "regular" : "symlink")));
}
