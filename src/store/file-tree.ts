/**
 * The content of a store path before it is written: regular files (with
 * an executable bit) and symlinks at relative paths; directories are
 * implied. Its canonical serialisation (sorted, length-prefixed, as a NAR
 * is) is what a store path's hash is computed from. A file may also be
 * a host file, read when the tree is hashed (SourcedTree: a runtime of
 * 100 MB is copied into the store, not held in memory); it hashes as a
 * file with its bytes would. A tree's buffers are never changed once it
 * is made (a one-file tree's address is remembered by its buffer).
 */
import { closeSync, fstatSync, openSync, readSync, constants } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { foldHash, nixBase32 } from "../nix/nix-base32.ts";
import { STORE_DIR, type StorePath } from "./store-path.ts";

export type TreeEntry =
  | { readonly kind: "file"; readonly content: Buffer; readonly executable: boolean }
  | { readonly kind: "symlink"; readonly target: string };

export type FileTree = ReadonlyMap<string, TreeEntry>;

/** A regular file on the host standing for its bytes (which must not change while the tree is used: the writer's own copy). */
export interface HostFile {
  readonly kind: "host-file";
  readonly path: string;
  readonly executable: boolean;
}

export type SourcedTree = ReadonlyMap<string, TreeEntry | HostFile>;

/** Trees up to this size are serialised into one buffer and hashed in one update; larger ones piece by piece. */
const ONE_SHOT = 64 * 1024;
const CHUNK = 1 << 20;

/** The fields of a tree, in order; a host file stands for its content. */
function fields(name: string, tree: SourcedTree): (Buffer | string | HostFile)[] {
  const out: (Buffer | string | HostFile)[] = ["system-manager-store-v1", name];
  for (const path of tree.size === 1 ? tree.keys() : [...tree.keys()].sort()) {
    const e = tree.get(path) as TreeEntry | HostFile;
    if (e.kind === "symlink") out.push(path, "symlink", e.target);
    else out.push(path, e.executable ? "executable" : "regular", e.kind === "file" ? e.content : e);
  }
  return out;
}

function length(n: number): Buffer {
  const len = Buffer.allocUnsafe(8);
  len.writeUInt32LE(n % 0x100000000, 0);
  len.writeUInt32LE(Math.floor(n / 0x100000000), 4);
  return len;
}

/** A host file's length and bytes, read in chunks into the hash. */
function hostFile(h: Hash, f: HostFile): void {
  const fd = openSync(f.path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const size = fstatSync(fd).size;
    h.update(length(size));
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
    let done = 0;
    for (let n; done < size && (n = readSync(fd, buf, 0, Math.min(buf.length, size - done), done)) > 0; done += n) h.update(buf.subarray(0, n));
    if (done !== size) throw new Error(`file '${f.path}' changed while it was being read`);
  } finally {
    closeSync(fd);
  }
}

function sha256(parts: readonly (Buffer | string | HostFile)[]): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let inMemory = true;
  for (const p of parts) {
    if (typeof p !== "string" && !Buffer.isBuffer(p)) inMemory = false;
    else total += typeof p === "string" ? Buffer.byteLength(p) : p.length;
  }
  const h = createHash("sha256");
  if (inMemory && total <= ONE_SHOT) {
    for (const p of parts) {
      const b = typeof p === "string" ? Buffer.from(p) : (p as Buffer);
      chunks.push(length(b.length), b);
    }
    return h.update(Buffer.concat(chunks)).digest();
  }
  for (const p of parts) {
    if (typeof p === "string" || Buffer.isBuffer(p)) {
      const b = typeof p === "string" ? Buffer.from(p) : p;
      h.update(length(b.length)).update(b);
    } else hostFile(h, p);
  }
  return h.digest();
}

/** 32 characters of Nix base-32: sha256 of the name and serialised tree, folded to 160 bits. */
export function treeHash(name: string, tree: SourcedTree): string {
  return nixBase32(foldHash(sha256(fields(name, tree))));
}

/** Content addresses of one-file trees, by their buffer (a build asks for a text path's twice: its generation names it, and it is written). */
const oneFile = new WeakMap<Buffer, { readonly name: string; readonly executable: boolean; readonly path: StorePath }>();

/** The store path a tree gets under `name`: its content address. */
export function contentAddressedPath(name: string, tree: SourcedTree): StorePath {
  const e = tree.size === 1 ? tree.get("") : undefined;
  if (e?.kind !== "file") return `${STORE_DIR}/${treeHash(name, tree)}-${name}` as StorePath;
  const known = oneFile.get(e.content);
  if (known !== undefined && known.name === name && known.executable === e.executable) return known.path;
  const path = `${STORE_DIR}/${treeHash(name, tree)}-${name}` as StorePath;
  oneFile.set(e.content, { name, executable: e.executable, path });
  return path;
}
