/**
 * The default "copy a path to the store" for interpolated paths: no store
 * is written; the store path is computed from the path's content (read
 * through EvalIO), so it is stable: `<storeDir>/<hash>-<basename>`, the hash
 * being 32 characters of Nix base-32 of a sha256 over a NAR-like
 * serialisation folded to 160 bits, as Nix prints store hashes.
 */
import { createHash, type Hash } from "node:crypto";
import type { EvalIO } from "../io.ts";
import { EvalError } from "../errors.ts";
import { foldHash, nixBase32 } from "../nix-base32.ts";

function frame(h: Hash, data: string | Buffer): void {
  const b = typeof data === "string" ? Buffer.from(data) : data;
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  h.update(len).update(b);
}

function serialise(io: EvalIO, path: string, h: Hash): void {
  const type = io.fileType(path);
  frame(h, type);
  if (type === "directory") {
    for (const name of io.readDir(path).keys()) {
      frame(h, name);
      serialise(io, `${path === "/" ? "" : path}/${name}`, h);
    }
  } else if (type === "regular") frame(h, io.readFile(path));
}

/** A CopyToStore for `io`: content-addressed, memoised per path. */
export function storeCopier(io: EvalIO, storeDir: string): (path: string) => string {
  const cache = new Map<string, string>();
  return (path) => {
    const hit = cache.get(path);
    if (hit !== undefined) return hit;
    if (!io.pathExists(path)) throw new EvalError(`path '${path}' does not exist`);
    const name = path === "/" ? "root" : path.slice(path.lastIndexOf("/") + 1);
    const h = createHash("sha256");
    frame(h, "source");
    frame(h, name);
    serialise(io, path, h);
    const digest = h.digest();
    const folded = foldHash(digest);
    const out = `${storeDir}/${nixBase32(folded)}-${name}`;
    cache.set(path, out);
    return out;
  };
}
