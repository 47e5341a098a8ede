/**
 * The NAR serialisation (`nix-store --dump`) of a path on disk, and its
 * hash as Nix records it (`sha256-<base64>`). The serialisation is
 * src/nix/nar.ts's; this is its reader over the filesystem: paths and
 * names as bytes (a name need not be UTF-8), a directory's entry types
 * from the listing, a file read in chunks of 1 MiB.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readlinkSync, readSync, lstatSync } from "node:fs";
import { typeOf } from "../nix/io.ts";
import { narChunks, narDigest, type NarEntry, type NarReader } from "../nix/nar.ts";

const CHUNK = 1 << 20;
const SLASH = Buffer.from("/");

/** Which entries (paths relative to the top, "/"-separated) a serialisation includes; all when absent. */
export type NarFilter = (rel: string) => boolean;

/** `path`'s contents from its open `fd`, `size` bytes, in chunks (closed when done). */
function* contents(fd: number, path: Buffer, size: number): Generator<Buffer> {
  try {
    for (let done = 0; done < size; ) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - done));
      const n = readSync(fd, buf, 0, buf.length, done);
      if (n === 0) throw new Error(`file '${path.toString()}' changed while it was being read`);
      done += n;
      yield n === buf.length ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** The filesystem as a NarReader, paths as bytes. */
export const diskNarReader: NarReader<Buffer> = {
  type: (path) => typeOf(lstatSync(path)),
  entries: (dir) =>
    readdirSync(dir, { encoding: "buffer", withFileTypes: true }).map((d) => ({ name: d.name, type: typeOf(d), path: Buffer.concat([dir, SLASH, d.name]) })),
  file: (path) => {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = fstatSync(fd);
      return { executable: (st.mode & 0o100) !== 0, size: st.size, chunks: contents(fd, path, st.size) };
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  },
  target: (path) => readlinkSync(path, { encoding: "buffer" }),
  show: (path) => path.toString(),
};

function relFilter(top: Buffer, filter: NarFilter | undefined): ((e: NarEntry<Buffer>) => boolean) | undefined {
  return filter === undefined ? undefined : (e) => filter(e.path.subarray(top.length + 1).toString());
}

/** The NAR serialisation of `path` (a file, symlink or directory tree), in chunks. */
export function narStream(path: string, filter?: NarFilter): Generator<Buffer> {
  const top = Buffer.from(path);
  return narChunks(diskNarReader, top, relFilter(top, filter));
}

/** The NAR's sha256 digest. */
export function narSha256(path: string, filter?: NarFilter): Buffer {
  const top = Buffer.from(path);
  return narDigest(diskNarReader, top, relFilter(top, filter));
}

/** The NAR hash as Nix records it in a lock: `sha256-<base64>`. */
export function narHash(path: string, filter?: NarFilter): string {
  return `sha256-${narSha256(path, filter).toString("base64")}`;
}
