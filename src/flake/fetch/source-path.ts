/**
 * The store path of a fetched source tree, computed as Nix's
 * makeFixedOutputPath does for a recursive (NAR) sha256 with no
 * references: sha256 of "source:sha256:<hex>:<store dir>:<name>", folded
 * to 20 bytes, in Nix base-32 — but in our store directory.
 */
import { createHash } from "node:crypto";
import { foldHash, nixBase32 } from "../../nix/nix-base32.ts";
import { STORE_DIR, type StorePath } from "../../store/store-path.ts";

export function sourceStorePath(narSha256: Buffer, name = "source", storeDir = STORE_DIR): StorePath {
  const fingerprint = `source:sha256:${narSha256.toString("hex")}:${storeDir}:${name}`;
  const hash = nixBase32(foldHash(createHash("sha256").update(fingerprint).digest()));
  return `${storeDir}/${hash}-${name}` as StorePath;
}

/** The sha256 digest inside an SRI hash (`sha256-<base64>`), or undefined when it is not one. */
export function sriDigest(sri: string): Buffer | undefined {
  const m = /^sha256-([A-Za-z0-9+/]{43}=)$/.exec(sri);
  return m === null ? undefined : Buffer.from(m[1] as string, "base64");
}
