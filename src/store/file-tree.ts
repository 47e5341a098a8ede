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

/** Trees up to this size are serialised into one buffer and hashed in one update; larger ones piece by piece. */
const ONE_SHOT = 64 * 1024;

/** The framed fields of a tree: each an 8-byte little-endian length, then its bytes. */
function fields(name: string, tree: FileTree): (Buffer | string)[] {
  const out: (Buffer | string)[] = ["system-manager-store-v1", name];
  for (const path of tree.size === 1 ? tree.keys() : [...tree.keys()].sort()) {
    const e = tree.get(path) as TreeEntry;
    if (e.kind === "file") out.push(path, e.executable ? "executable" : "regular", e.content);
    else out.push(path, "symlink", e.target);
  }
  return out;
}

function framed(parts: readonly (Buffer | string)[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of parts) {
    const b = typeof p === "string" ? Buffer.from(p) : p;
    const len = Buffer.allocUnsafe(8);
    len.writeUInt32LE(b.length % 0x100000000, 0);
    len.writeUInt32LE(Math.floor(b.length / 0x100000000), 4);
    out.push(len, b);
  }
  return out;
}

function sha256(chunks: readonly Buffer[]): Buffer {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const h = createHash("sha256");
  if (total <= ONE_SHOT) return h.update(Buffer.concat(chunks, total)).digest();
  for (const c of chunks) h.update(c);
  return h.digest();
}

/** 32 characters of Nix base-32: sha256 of the name and serialised tree, folded to 160 bits. */
export function treeHash(name: string, tree: FileTree): string {
  return nixBase32(foldHash(sha256(framed(fields(name, tree)))));
}

/** The store path a tree gets under `name`: its content address. */
export function contentAddressedPath(name: string, tree: FileTree): StorePath {
  return `${STORE_DIR}/${treeHash(name, tree)}-${name}` as StorePath;
}
