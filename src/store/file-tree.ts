/**
 * The content of a store path before it is written: regular files (with
 * an executable bit) and symlinks at relative paths; directories are
 * implied. Its canonical serialisation (sorted, length-prefixed, as a NAR
 * is) is what a store path's hash is computed from.
 */
import { createHash } from "node:crypto";
import { foldHash, nixBase32 } from "../nix/nix-base32.ts";
import { STORE_DIR, type StorePath } from "./store-path.ts";

export type TreeEntry =
  | { readonly kind: "file"; readonly content: Buffer; readonly executable: boolean }
  | { readonly kind: "symlink"; readonly target: string };

export type FileTree = ReadonlyMap<string, TreeEntry>;

function frame(hash: ReturnType<typeof createHash>, bytes: Buffer | string): void {
  const b = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  hash.update(len).update(b);
}

/** 32 characters of Nix base-32: sha256 of the name and serialised tree, folded to 160 bits. */
export function treeHash(name: string, tree: FileTree): string {
  const h = createHash("sha256");
  frame(h, "system-manager-store-v1");
  frame(h, name);
  for (const path of [...tree.keys()].sort()) {
    const e = tree.get(path) as TreeEntry;
    frame(h, path);
    switch (e.kind) {
      case "file":
        frame(h, e.executable ? "executable" : "regular");
        frame(h, e.content);
        break;
      case "symlink":
        frame(h, "symlink");
        frame(h, e.target);
        break;
    }
  }
  const digest = h.digest();
  const folded = foldHash(digest);
  return nixBase32(folded);
}

/** The store path a tree gets under `name`: its content address. */
export function contentAddressedPath(name: string, tree: FileTree): StorePath {
  return `${STORE_DIR}/${treeHash(name, tree)}-${name}` as StorePath;
}
