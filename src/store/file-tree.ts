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
import { createHash, hash, type Hash } from "node:crypto";
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

const HEADER = "system-manager-store-v1";

/** Serialised fields are hashed in batches of this size (one update each); a tree this small is hashed in one call. */
const BATCH = 64 * 1024;
const CHUNK = 1 << 20;

/** The fields of a tree, in order; a host file stands for its content. */
function fields(name: string, tree: SourcedTree): (Buffer | string | HostFile)[] {
  const out: (Buffer | string | HostFile)[] = [HEADER, name];
  for (const path of tree.size === 1 ? tree.keys() : [...tree.keys()].sort()) {
    const e = tree.get(path) as TreeEntry | HostFile;
    if (e.kind === "symlink") out.push(path, "symlink", e.target);
    else out.push(path, e.executable ? "executable" : "regular", e.kind === "file" ? e.content : e);
  }
  return out;
}

/** Writes `n` as 8 bytes, little-endian, at `at`. */
function putLength(buf: Buffer, at: number, n: number): void {
  buf.writeUInt32LE(n % 0x100000000, at);
  buf.writeUInt32LE(Math.floor(n / 0x100000000), at + 4);
}

function length(n: number): Buffer {
  const len = Buffer.allocUnsafe(8);
  putLength(len, 0, n);
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

/**
 * sha256 of the fields, each preceded by its length: serialised into one
 * buffer and hashed in one call when the tree is small (a text path), else
 * in batches (a generation's 10,000 small files: a few hundred updates,
 * not 40,000); a large buffer or a host file is passed on as it is.
 */
function sha256(parts: readonly (Buffer | string | HostFile)[]): Buffer {
  let total = 0;
  let inMemory = true;
  for (const p of parts) {
    if (typeof p === "string") total += 8 + Buffer.byteLength(p);
    else if (Buffer.isBuffer(p)) total += 8 + p.length;
    else inMemory = false;
  }
  if (inMemory && total <= BATCH) {
    const buf = Buffer.allocUnsafe(total);
    let at = 0;
    for (const p of parts) at = put(buf, at, p as Buffer | string);
    return hash("sha256", buf, "buffer");
  }
  const h = createHash("sha256");
  const batch = Buffer.allocUnsafe(BATCH);
  let at = 0;
  const flush = () => {
    if (at > 0) h.update(batch.subarray(0, at));
    at = 0;
  };
  for (const p of parts) {
    if (typeof p !== "string" && !Buffer.isBuffer(p)) {
      flush();
      hostFile(h, p);
      continue;
    }
    const size = 8 + (typeof p === "string" ? Buffer.byteLength(p) : p.length);
    if (at + size > BATCH) flush();
    if (size > BATCH) {
      const b = typeof p === "string" ? Buffer.from(p) : p;
      h.update(length(b.length)).update(b);
    } else at = put(batch, at, p);
  }
  flush();
  return h.digest();
}

/** Writes `p`'s length and bytes into `buf` at `at`; returns where they end. */
function put(buf: Buffer, at: number, p: Buffer | string): number {
  if (typeof p === "string") {
    const n = buf.write(p, at + 8, "utf8");
    putLength(buf, at, n);
    return at + 8 + n;
  }
  putLength(buf, at, p.length);
  p.copy(buf, at + 8);
  return at + 8 + p.length;
}

/** 32 characters of Nix base-32: sha256 of the name and serialised tree, folded to 160 bits. */
export function treeHash(name: string, tree: SourcedTree): string {
  const e = tree.size === 1 ? tree.get("") : undefined;
  if (e?.kind === "file") return oneFileHash(name, e.content, e.executable);
  return nixBase32(foldHash(sha256(fields(name, tree))));
}

/** The serialised fields of a one-file tree before its name: the header, with its length. */
const HEADER_FIELD = (() => {
  const b = Buffer.alloc(8 + HEADER.length);
  return b.subarray(0, put(b, 0, HEADER));
})();

/**
 * treeHash of a one-file tree (fields: header, name, path "", kind,
 * content): serialised straight into one buffer, as sha256 of its fields
 * serialises them (a large home names 10,000 text paths).
 */
function oneFileHash(name: string, content: Buffer, executable: boolean): string {
  const kind = executable ? "executable" : "regular";
  const total = HEADER_FIELD.length + 8 + Buffer.byteLength(name) + 8 + 8 + kind.length + 8 + content.length;
  if (total > BATCH) return nixBase32(foldHash(sha256([HEADER, name, "", kind, content])));
  const buf = Buffer.allocUnsafe(total);
  HEADER_FIELD.copy(buf, 0);
  let at = put(buf, HEADER_FIELD.length, name);
  putLength(buf, at, 0);
  at = put(buf, at + 8, kind);
  put(buf, at, content);
  return nixBase32(foldHash(hash("sha256", buf, "buffer")));
}

/** Content addresses of one-file trees, by their buffer (a build asks for a text path's twice: its generation names it, and it is written). */
const oneFile = new WeakMap<Buffer, { readonly name: string; readonly executable: boolean; readonly path: StorePath }>();

/** The store path a tree gets under `name`: its content address. */
export function contentAddressedPath(name: string, tree: SourcedTree): StorePath {
  const e = tree.size === 1 ? tree.get("") : undefined;
  if (e?.kind !== "file") return addressOf(name, tree);
  const known = oneFile.get(e.content);
  if (known !== undefined && known.name === name && known.executable === e.executable) return known.path;
  const path = addressOf(name, tree);
  oneFile.set(e.content, { name, executable: e.executable, path });
  return path;
}

/** contentAddressedPath without remembering it (for a caller that remembers its paths by other keys). */
export function addressOf(name: string, tree: SourcedTree): StorePath {
  return `${STORE_DIR}/${treeHash(name, tree)}-${name}` as StorePath;
}
