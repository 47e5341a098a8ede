/**
 * Nix's store path arithmetic, so paths we compute match real Nix:
 * the base-32 alphabet without e, o, u, t; XOR-folding a sha256 to 20
 * bytes; `makeStorePath` ("<type>:sha256:<hex>:<storeDir>:<name>") and the
 * text (`toFile`, .drv) and fixed-output forms built on it.
 */
import { createHash } from "node:crypto";

export const STORE_DIR = "/nix/store";
const BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";

export function sha256(data: string | Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

export function toNixBase32(bytes: Uint8Array): string {
  const len = Math.floor((bytes.length * 8 - 1) / 5) + 1;
  let out = "";
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    const c = ((bytes[i] as number) >> j) | (i >= bytes.length - 1 ? 0 : ((bytes[i + 1] as number) << (8 - j)));
    out += BASE32[c & 0x1f];
  }
  return out;
}

/** Decodes Nix base-32 of a hash of `size` bytes; undefined if malformed. */
export function fromNixBase32(s: string, size: number): Buffer | undefined {
  const out = Buffer.alloc(size);
  for (let n = 0; n < s.length; n++) {
    const digit = BASE32.indexOf(s[s.length - n - 1] as string);
    if (digit === -1) return undefined;
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    out[i] = ((out[i] as number) | (digit << j)) & 0xff;
    const carry = digit >> (8 - j);
    if (i + 1 < size) out[i + 1] = ((out[i + 1] as number) | carry) & 0xff;
    else if (carry !== 0) return undefined;
  }
  return out;
}

function compress(hash: Uint8Array, size: number): Buffer {
  const out = Buffer.alloc(size);
  hash.forEach((b, i) => {
    out[i % size] = (out[i % size] as number) ^ b;
  });
  return out;
}

export function makeStorePath(type: string, innerHex: string, name: string): string {
  const fingerprint = `${type}:sha256:${innerHex}:${STORE_DIR}:${name}`;
  return `${STORE_DIR}/${toNixBase32(compress(sha256(fingerprint), 20))}-${name}`;
}

/** The path of a text file in the store (`toFile`, a .drv), which records its references in the type. */
export function makeTextPath(name: string, contents: string, references: Iterable<string>): string {
  const refs = [...new Set(references)].sort();
  return makeStorePath(["text", ...refs].join(":"), sha256(contents).toString("hex"), name);
}

/** The output path of a fixed-output derivation or a `path` import. */
export function makeFixedOutputPath(recursive: boolean, algo: string, hashHex: string, name: string): string {
  if (recursive && algo === "sha256") return makeStorePath("source", hashHex, name);
  const inner = sha256(`fixed:out:${recursive ? "r:" : ""}${algo}:${hashHex}:`).toString("hex");
  return makeStorePath("output:out", inner, name);
}

const NAME_CHARS = /^[a-zA-Z0-9+\-._?=]+$/;

/** Nix's rule for the name part of a store path; the error text when broken. */
export function checkStoreName(name: string): string | undefined {
  if (name === "") return "name must not be empty";
  if (name.length > 211) return "name must be less than 212 characters";
  if (name.startsWith(".")) return `invalid name: '${name}' starts with a dot`;
  if (!NAME_CHARS.test(name)) return `invalid name: '${name}' contains an illegal character`;
  return undefined;
}
