/**
 * Every file of a built home generation under its target, as
 * home-manager's home-files holds it (what home-manager's own tests
 * assert on): the generation's home-files entries, and the text files
 * linked straight to their text paths (from the extra store paths they
 * name: src/build/home-generation.ts).
 */
import type { HomeContent } from "../../src/build/home-generation.ts";
import type { TreeEntry } from "../../src/store/file-tree.ts";

export function homeFilesView(content: HomeContent): Map<string, TreeEntry> {
  const view = new Map<string, TreeEntry>();
  for (const [rel, e] of content.tree) if (rel.startsWith("home-files/")) view.set(rel.slice("home-files/".length), e);
  const extra = new Map(content.extra.flatMap((x) => (x.path === undefined ? [] : [[x.path as string, x.tree]])));
  for (const f of content.manifest.files) {
    const e = f.link === undefined ? undefined : extra.get(f.link)?.get("");
    if (e !== undefined) view.set(f.target, e);
  }
  return view;
}
