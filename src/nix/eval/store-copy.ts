/**
 * The default "copy a path to the store" for interpolated paths: no store
 * is written; the store path is the one Nix gives the path's copy,
 * `<storeDir>/<hash>-<basename>`, addressed by the sha256 of its NAR
 * serialisation (../nar-hash.ts, read through EvalIO) as a "source" path.
 */
import type { EvalIO } from "../io.ts";
import { EvalError } from "../errors.ts";
import { narHash } from "../nar-hash.ts";
import { makeFixedOutputPath } from "../builtins/store-path.ts";

/** A CopyToStore for `io`: content-addressed, memoised per path. */
export function storeCopier(io: EvalIO, storeDir: string): (path: string) => string {
  const cache = new Map<string, string>();
  return (path) => {
    const hit = cache.get(path);
    if (hit !== undefined) return hit;
    if (!io.pathExists(path)) throw new EvalError(`path '${path}' does not exist`);
    const name = path === "/" ? "root" : path.slice(path.lastIndexOf("/") + 1);
    const out = makeFixedOutputPath(storeDir, true, "sha256", narHash(io, path).toString("hex"), name);
    cache.set(path, out);
    return out;
  };
}
