/**
 * Nix's own Nix files, what `<nix/…>` finds when no search path entry has
 * it: they live at /__corepkgs__/NAME (where Nix 2.x put them), served
 * from memory by an EvalIO in front of the filesystem's, readable in pure
 * evaluation too.
 */
import type { EvalIO } from "../io.ts";
import { FETCHURL_NIX } from "./fetchurl-nix.ts";

export const CORE_PACKAGES_DIR = "/__corepkgs__";

const SOURCES: ReadonlyMap<string, string> = new Map([["fetchurl.nix", FETCHURL_NIX]]);

/** `io`, with the core files (and their directory) in it. */
export function withCorePackages(io: EvalIO): EvalIO {
  const nameOf = (path: string): string | undefined => (path.startsWith(`${CORE_PACKAGES_DIR}/`) ? path.slice(CORE_PACKAGES_DIR.length + 1) : undefined);
  const source = (path: string): string | undefined => {
    const name = nameOf(path);
    return name === undefined ? undefined : SOURCES.get(name);
  };
  const isDir = (path: string) => path === CORE_PACKAGES_DIR;
  return {
    readFile: (path) => {
      const s = source(path);
      return s === undefined ? io.readFile(path) : Buffer.from(s, "utf8");
    },
    pathExists: (path) => isDir(path) || source(path) !== undefined || io.pathExists(path),
    readDir: (path) => (isDir(path) ? new Map([...SOURCES.keys()].map((n) => [n, "regular" as const])) : io.readDir(path)),
    fileType: (path) => (isDir(path) ? "directory" : source(path) !== undefined ? "regular" : io.fileType(path)),
    getEnv: (name) => io.getEnv(name),
    ...(io.realPath === undefined ? {} : { realPath: (path: string) => (isDir(path) || source(path) !== undefined ? path : (io.realPath as (p: string) => string)(path)) }),
    ...(io.readLink === undefined ? {} : { readLink: io.readLink.bind(io) }),
    ...(io.isExecutable === undefined ? {} : { isExecutable: io.isExecutable.bind(io) }),
  };
}
