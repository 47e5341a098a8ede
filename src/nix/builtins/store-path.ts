/**
 * Nix's store path arithmetic, so paths we compute match real Nix:
 * the base-32 alphabet without e, o, u, t; XOR-folding a sha256 to 20
 * bytes; `makeStorePath` ("<type>:sha256:<hex>:<storeDir>:<name>") and the
 * text (`toFile`, .drv) and fixed-output forms built on it, for a given
 * store directory (../eval-store.ts keeps an evaluation's).
 */
import { createHash } from "node:crypto";
import { encodeBytes } from "../byte-string.ts";
import { foldHash, nixBase32 } from "../nix-base32.ts";

export function sha256(data: string | Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

export function makeStorePath(storeDir: string, type: string, innerHex: string, name: string): string {
  const fingerprint = `${type}:sha256:${innerHex}:${storeDir}:${name}`;
  return `${storeDir}/${nixBase32(foldHash(sha256(fingerprint)))}-${name}`;
}

/** The path of a text file in the store (`toFile`, a .drv), which records its references in the type; hashed as its bytes (../byte-string.ts). */
export function makeTextPath(storeDir: string, name: string, contents: string, references: Iterable<string>): string {
  const refs = [...new Set(references)].sort();
  return makeStorePath(storeDir, ["text", ...refs].join(":"), sha256(encodeBytes(contents)).toString("hex"), name);
}

/** The output path of a fixed-output derivation or a `path` import. */
export function makeFixedOutputPath(storeDir: string, recursive: boolean, algo: string, hashHex: string, name: string): string {
  if (recursive && algo === "sha256") return makeStorePath(storeDir, "source", hashHex, name);
  const inner = sha256(`fixed:out:${recursive ? "r:" : ""}${algo}:${hashHex}:`).toString("hex");
  return makeStorePath(storeDir, "output:out", inner, name);
}
