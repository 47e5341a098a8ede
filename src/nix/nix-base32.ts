/**
 * Nix's base-32 encoding (alphabet without e, o, u, t; least significant
 * bits first), used for store path hashes, and the XOR-fold of a sha256
 * to the 20 bytes a store path hash holds.
 */
const ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

/** The alphabet's character codes, and the characters of a short encoding (a store path's 32) before they become one string. */
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const chars = new Uint8Array(64);

export function nixBase32(bytes: Uint8Array): string {
  const len = Math.ceil((bytes.length * 8) / 5);
  // One string made at the end, not one per character: a 10,000-file home names 20,000 store paths.
  const out = len <= chars.length ? chars : new Uint8Array(len);
  for (let n = len - 1, k = 0; n >= 0; n--, k++) {
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    const c = ((bytes[i] as number) >> j) | (i + 1 < bytes.length ? (bytes[i + 1] as number) << (8 - j) : 0);
    out[k] = CODES[c & 0x1f] as number;
  }
  return Buffer.from(out.buffer, out.byteOffset, len).toString("latin1");
}

/** Decodes Nix base-32 of a hash of `size` bytes; undefined if malformed. */
export function fromNixBase32(s: string, size: number): Buffer | undefined {
  const out = Buffer.alloc(size);
  for (let n = 0; n < s.length; n++) {
    const digit = ALPHABET.indexOf(s[s.length - n - 1] as string);
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

/** A hash XOR-folded to `size` bytes (Nix's compressHash). */
export function foldHash(hash: Uint8Array, size = 20): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < hash.length; i++) out[i % size] = (out[i % size] as number) ^ (hash[i] as number);
  return out;
}
