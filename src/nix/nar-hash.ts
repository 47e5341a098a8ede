/**
 * The sha256 of a path's NAR serialisation (what `nix-store --dump`
 * writes), read through EvalIO, so the evaluator computes the store paths
 * Nix computes for copied sources: "nix-archive-1", then a node — a
 * regular file (`executable` when an execute bit is set), a symlink, or a
 * directory whose entries come sorted bytewise. Every string is an 8-byte
 * little-endian length, the bytes and zero padding to a multiple of 8. A
 * filter (`builtins.path`'s, `filterSource`'s) sees every entry below the
 * top with its type; what it rejects is left out, a directory with all
 * below it.
 */
import { createHash, type Hash } from "node:crypto";
import type { EvalIO, FileType } from "./io.ts";
import { EvalError } from "./errors.ts";

/** Whether an entry (its absolute path and type) goes into the serialisation. */
export type NarFilter = (path: string, type: FileType) => boolean;

const PAD = Buffer.alloc(8);

function str(h: Hash, s: string | Buffer): void {
  const b = typeof s === "string" ? Buffer.from(s) : s;
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  h.update(len).update(b);
  const pad = (8 - (b.length % 8)) % 8;
  if (pad > 0) h.update(PAD.subarray(0, pad));
}

function node(io: EvalIO, path: string, type: FileType, h: Hash, filter: NarFilter | undefined): void {
  str(h, "(");
  str(h, "type");
  if (type === "regular") {
    str(h, "regular");
    if (io.isExecutable?.(path) === true) {
      str(h, "executable");
      str(h, "");
    }
    str(h, "contents");
    str(h, io.readFile(path));
  } else if (type === "symlink") {
    if (io.readLink === undefined) throw new Error(`cannot read the symlink '${path}' through this EvalIO`);
    str(h, "symlink");
    str(h, "target");
    str(h, io.readLink(path));
  } else if (type === "directory") {
    str(h, "directory");
    const entries = [...io.readDir(path)].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const [name, t] of entries) {
      const sub = `${path === "/" ? "" : path}/${name}`;
      if (filter !== undefined && !filter(sub, t)) continue;
      str(h, "entry");
      str(h, "(");
      str(h, "name");
      str(h, name);
      str(h, "node");
      node(io, sub, t, h, filter);
      str(h, ")");
    }
  } else throw new EvalError(`file '${path}' has an unsupported type`);
  str(h, ")");
}

/** The sha256 digest of `path`'s NAR, entries the filter rejects left out. */
export function narHash(io: EvalIO, path: string, filter?: NarFilter): Buffer {
  const h = createHash("sha256");
  str(h, "nix-archive-1");
  node(io, path, io.fileType(path), h, filter);
  return h.digest();
}
