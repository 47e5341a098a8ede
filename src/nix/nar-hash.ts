/**
 * The sha256 of a path's NAR serialisation (what `nix-store --dump`
 * writes), read through EvalIO, so the evaluator computes the store paths
 * Nix computes for copied sources. The serialisation is nar.ts's; this is
 * its reader over EvalIO (a file comes whole, as EvalIO reads it). A
 * filter (`builtins.path`'s, `filterSource`'s) sees every entry below the
 * top with its absolute path and type; what it rejects is left out, a
 * directory with all below it.
 */
import type { EvalIO, FileType } from "./io.ts";
import { narChunks, narDigest, type NarReader } from "./nar.ts";

/** Whether an entry (its absolute path and type) goes into the serialisation. */
export type NarFilter = (path: string, type: FileType) => boolean;

/** A NarReader over `io`, its paths absolute strings. */
export function evalIONarReader(io: EvalIO): NarReader<string> {
  return {
    type: (path) => io.fileType(path),
    entries: (dir) => [...io.readDir(dir)].map(([name, type]) => ({ name: Buffer.from(name), type, path: `${dir === "/" ? "" : dir}/${name}` })),
    file: (path) => {
      const executable = io.isExecutable?.(path) === true;
      const content = io.readFile(path);
      return { executable, size: content.length, chunks: [content] };
    },
    target: (path) => {
      if (io.readLink === undefined) throw new Error(`cannot read the symlink '${path}' through this EvalIO`);
      return io.readLink(path);
    },
    show: (path) => path,
  };
}

const entryFilter = (filter: NarFilter | undefined) => (filter === undefined ? undefined : (e: { path: string; type: FileType }) => filter(e.path, e.type));

/** The NAR of `path` read through `io`, in chunks, entries the filter rejects left out. */
export function narStreamIO(io: EvalIO, path: string, filter?: NarFilter): Generator<Buffer> {
  return narChunks(evalIONarReader(io), path, entryFilter(filter));
}

/** The sha256 digest of `path`'s NAR, entries the filter rejects left out. */
export function narHash(io: EvalIO, path: string, filter?: NarFilter): Buffer {
  return narDigest(evalIONarReader(io), path, entryFilter(filter));
}
