/**
 * NAR serialisation exactly as Nix writes it (`nix-store --dump`), the one
 * implementation behind the evaluator's copied sources (nar-hash.ts, read
 * through EvalIO) and the store's source paths (src/store/nar.ts, read
 * from disk): "nix-archive-1", then a node — a regular file (`executable`
 * when an execute bit is set), a symlink, or a directory whose entries
 * come sorted bytewise. Every string is an 8-byte little-endian length,
 * the bytes and zero padding to a multiple of 8. What is serialised is
 * read through a NarReader, a file's contents in chunks, so a large file
 * is never held whole; the NAR comes out in chunks of about 64 KiB
 * (small fields batched, a large chunk passed on as read), each a buffer
 * of its own that the consumer may keep.
 */
import { createHash } from "node:crypto";
import type { FileType } from "./io.ts";
import { EvalError } from "./errors.ts";

/** An entry of a directory: its name's bytes, its type (a final symlink not followed) and the reader's path to it. */
export interface NarEntry<P> {
  readonly name: Buffer;
  readonly type: FileType;
  readonly path: P;
}

/** A regular file: whether it is executable, its size, and its contents in order (`size` bytes in all). */
export interface NarFile {
  readonly executable: boolean;
  readonly size: number;
  readonly chunks: Iterable<Buffer>;
}

/** A tree reached through paths of the reader's own kind `P`. */
export interface NarReader<P> {
  /** The type of the top of what is serialised. */
  type(path: P): FileType;
  /** A directory's entries, in any order. */
  entries(dir: P): readonly NarEntry<P>[];
  file(path: P): NarFile;
  /** A symlink's target. */
  target(path: P): Buffer | string;
  /** `path` as an error message names it. */
  show(path: P): string;
}

/** Whether an entry below the top goes into the serialisation (a directory rejected leaves out all below it). */
export type NarEntryFilter<P> = (entry: NarEntry<P>) => boolean;

const BATCH = 64 * 1024;

function field(s: string): Buffer {
  const b = Buffer.from(s);
  const out = Buffer.alloc(8 + b.length + ((8 - (b.length % 8)) % 8));
  out.writeUInt32LE(b.length, 0);
  b.copy(out, 8);
  return out;
}

const fields = (...ss: string[]) => Buffer.concat(ss.map(field));
const MAGIC = field("nix-archive-1");
const REGULAR = fields("(", "type", "regular", "contents");
const EXECUTABLE = fields("(", "type", "regular", "executable", "", "contents");
const SYMLINK = fields("(", "type", "symlink", "target");
const DIRECTORY = fields("(", "type", "directory");
const ENTRY = fields("entry", "(", "name");
const NODE = field("node");
const CLOSE = field(")");

/** The NAR's bytes as written: small writes copied into a batch, finished batches and large buffers queued in order. */
class Batches {
  #buf = Buffer.allocUnsafe(BATCH);
  #at = 0;
  ready: Buffer[] = [];

  bytes(b: Buffer): void {
    if (b.length > BATCH / 4) {
      this.flush();
      this.ready.push(b);
      return;
    }
    if (this.#at + b.length > BATCH) this.flush();
    b.copy(this.#buf, this.#at);
    this.#at += b.length;
  }

  /** `n` as 8 bytes, little-endian. */
  length(n: number): void {
    if (this.#at + 8 > BATCH) this.flush();
    this.#buf.writeUInt32LE(n % 0x100000000, this.#at);
    this.#buf.writeUInt32LE(Math.floor(n / 0x100000000), this.#at + 4);
    this.#at += 8;
  }

  /** Zeros up to a multiple of 8 after `n` bytes. */
  pad(n: number): void {
    const pad = (8 - (n % 8)) % 8;
    if (pad === 0) return;
    if (this.#at + pad > BATCH) this.flush();
    this.#buf.fill(0, this.#at, this.#at + pad);
    this.#at += pad;
  }

  string(s: Buffer): void {
    this.length(s.length);
    this.bytes(s);
    this.pad(s.length);
  }

  flush(): void {
    if (this.#at === 0) return;
    this.ready.push(this.#buf.subarray(0, this.#at));
    this.#buf = Buffer.allocUnsafe(BATCH);
    this.#at = 0;
  }

  take(): Buffer[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }
}

const byName = (a: NarEntry<unknown>, b: NarEntry<unknown>) => Buffer.compare(a.name, b.name);

function* node<P>(r: NarReader<P>, path: P, type: FileType, out: Batches, filter: NarEntryFilter<P> | undefined): Generator<Buffer> {
  if (type === "regular") {
    const f = r.file(path);
    out.bytes(f.executable ? EXECUTABLE : REGULAR);
    out.length(f.size);
    let seen = 0;
    for (const chunk of f.chunks) {
      seen += chunk.length;
      out.bytes(chunk);
      if (out.ready.length > 0) yield* out.take();
    }
    if (seen !== f.size) throw new Error(`file '${r.show(path)}' changed while it was being read`);
    out.pad(f.size);
  } else if (type === "symlink") {
    const target = r.target(path);
    out.bytes(SYMLINK);
    out.string(typeof target === "string" ? Buffer.from(target) : target);
  } else if (type === "directory") {
    out.bytes(DIRECTORY);
    for (const e of [...r.entries(path)].sort(byName)) {
      if (filter !== undefined && !filter(e)) continue;
      out.bytes(ENTRY);
      out.string(e.name);
      out.bytes(NODE);
      yield* node(r, e.path, e.type, out, filter);
      out.bytes(CLOSE);
    }
  } else throw new EvalError(`file '${r.show(path)}' has an unsupported type`);
  out.bytes(CLOSE);
  if (out.ready.length > 0) yield* out.take();
}

/** The NAR of what `reader` finds at `path`, in chunks; entries the filter rejects left out. */
export function* narChunks<P>(reader: NarReader<P>, path: P, filter?: NarEntryFilter<P>): Generator<Buffer> {
  const out = new Batches();
  out.bytes(MAGIC);
  yield* node(reader, path, reader.type(path), out, filter);
  out.flush();
  yield* out.take();
}

/** The sha256 digest of that NAR. */
export function narDigest<P>(reader: NarReader<P>, path: P, filter?: NarEntryFilter<P>): Buffer {
  const h = createHash("sha256");
  for (const chunk of narChunks(reader, path, filter)) h.update(chunk);
  return h.digest();
}
