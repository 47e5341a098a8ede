/** A build's batch in small: N one-file text paths and a generation holding the same texts (one buffer for both, so its files are linked). */
import type { TreeEntry } from "../../src/store/file-tree.ts";
import { textFileTree } from "../../src/store/text-store-path.ts";
import type { NamedTree } from "../../src/store/write-store-paths.ts";

export function batchTrees(n: number): NamedTree[] {
  const texts = Array.from({ length: n }, (_, i) => ({ name: `hm_f-${i}`, tree: textFileTree(`file ${i}\n`.repeat(1 + (i % 7))) }));
  const generation = new Map<string, TreeEntry>(texts.map(({ tree }, i) => [`home-files/f/${i}`, tree.get("") as TreeEntry]));
  return [...texts, { name: "home-manager-generation", tree: generation }];
}
