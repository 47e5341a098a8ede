/**
 * Input-addressed store paths: the hash covers what a path is made from
 * (a .deb's sha256, the sha256s of its closure, the recipe's version), not
 * its bytes, so a package's path is known when a configuration is
 * evaluated, before anything is downloaded. Same shape and alphabet as
 * content-addressed paths: 32 characters of Nix base-32, then the name.
 */
import { createHash } from "node:crypto";
import { foldHash, nixBase32 } from "../nix/nix-base32.ts";
import { STORE_DIR, parseStorePath, type StorePath } from "../store/store-path.ts";

/** Bumped whenever unpacking, patching or wrapping changes what a path holds. */
export const RECIPE_VERSION = "1";

export function inputAddressedPath(kind: string, name: string, inputs: readonly string[]): StorePath {
  const h = createHash("sha256");
  for (const part of ["system-manager-input-v1", RECIPE_VERSION, kind, STORE_DIR, name, ...inputs]) {
    const b = Buffer.from(part);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(b.length));
    h.update(len).update(b);
  }
  const digest = h.digest();
  const folded = foldHash(digest);
  return parseStorePath(`${STORE_DIR}/${nixBase32(folded)}-${name}`);
}

/** A store path name from a package name and a Debian version: the epoch dropped, other characters outside the store's alphabet as "_". */
export function storeName(name: string, version: string): string {
  const v = version.replace(/^\d+:/, "");
  return `${name}-${v}`.replace(/[^A-Za-z0-9+._?=-]/g, "_");
}
