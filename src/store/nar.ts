/**
 * NAR serialisation exactly as Nix writes it (`nix-store --dump`):
 * "nix-archive-1", then a node: a regular file (with `executable` when
 * any execute bit is set), a symlink, or a directory whose entries are
 * sorted bytewise. Every string is an 8-byte little-endian length, the
 * bytes, and zero padding to a multiple of 8. Streamed from disk in
 * chunks; `narHash` gives the SRI `sha256-<base64>` Nix records.
 */
import { createHash } from "node:crypto";
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, constants } from "node:fs";
import { join } from "node:path";

const CHUNK = 1 << 20;

function str(s: string | Buffer): Buffer {
  const b = typeof s === "string" ? Buffer.from(s) : s;
  const pad = (8 - (b.length % 8)) % 8;
  const out = Buffer.alloc(8 + b.length + pad);
  out.writeBigUInt64LE(BigInt(b.length));
  b.copy(out, 8);
  return out;
}

function* fileContents(path: string, size: number): Generator<Buffer> {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(size));
  yield len;
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    let done = 0;
    while (done < size) {
      const buf = Buffer.alloc(Math.min(CHUNK, size - done));
      const n = readSync(fd, buf, 0, buf.length, done);
      if (n === 0) throw new Error(`file '${path}' changed while it was being read`);
      done += n;
      yield n === buf.length ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
  const pad = (8 - (size % 8)) % 8;
  if (pad > 0) yield Buffer.alloc(pad);
}

/** Which entries (paths relative to the top, "/"-separated) a serialisation includes; all when absent. */
export type NarFilter = (rel: string) => boolean;

function* node(path: string, rel = "", filter?: NarFilter): Generator<Buffer> {
  const st = lstatSync(path);
  yield str("(");
  if (st.isSymbolicLink()) {
    yield Buffer.concat([str("type"), str("symlink"), str("target"), str(readlinkSync(path, { encoding: "buffer" }))]);
  } else if (st.isFile()) {
    yield Buffer.concat([str("type"), str("regular"), ...((st.mode & 0o111) !== 0 ? [str("executable"), str("")] : []), str("contents")]);
    yield* fileContents(path, st.size);
  } else if (st.isDirectory()) {
    yield Buffer.concat([str("type"), str("directory")]);
    const names = readdirSync(path, { encoding: "buffer" }).sort(Buffer.compare);
    for (const name of names) {
      const sub = rel === "" ? name.toString() : `${rel}/${name.toString()}`;
      if (filter !== undefined && !filter(sub)) continue;
      yield Buffer.concat([str("entry"), str("("), str("name"), str(name), str("node")]);
      yield* node(join(path, name.toString()), sub, filter);
      yield str(")");
    }
  } else {
    throw new Error(`file '${path}' has an unsupported type`);
  }
  yield str(")");
}

/** The NAR serialisation of `path` (a file, symlink or directory tree), in chunks. */
export function* narStream(path: string, filter?: NarFilter): Generator<Buffer> {
  yield str("nix-archive-1");
  yield* node(path, "", filter);
}

/** The NAR's sha256 digest. */
export function narSha256(path: string, filter?: NarFilter): Buffer {
  const h = createHash("sha256");
  for (const chunk of narStream(path, filter)) h.update(chunk);
  return h.digest();
}

/** The NAR hash as Nix records it in a lock: `sha256-<base64>`. */
export function narHash(path: string, filter?: NarFilter): string {
  return `sha256-${narSha256(path, filter).toString("base64")}`;
}
