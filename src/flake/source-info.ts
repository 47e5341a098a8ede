/**
 * The source information Nix gives every input (fetchTree's result):
 * outPath, narHash, lastModified and lastModifiedDate ("%Y%m%d%H%M%S",
 * UTC), and where known rev, shortRev and revCount.
 */
import { NixAttrs, type Lazy } from "../nix/value.ts";
import type { FetchedTree } from "./fetch/fetched-tree.ts";

export function lastModifiedDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export function sourceInfoOf(tree: FetchedTree): NixAttrs {
  const m = new Map<string, Lazy>([["outPath", tree.path], ["narHash", tree.narHash]]);
  const lm = tree.lastModified ?? 0;
  m.set("lastModified", BigInt(lm));
  m.set("lastModifiedDate", lastModifiedDate(lm));
  if (tree.rev !== undefined) {
    m.set("rev", tree.rev);
    m.set("shortRev", tree.rev.slice(0, 7));
  }
  if (tree.revCount !== undefined) m.set("revCount", BigInt(tree.revCount));
  return new NixAttrs(m);
}
