/**
 * Nix's base-32 encoding (alphabet without e, o, u, t; least significant
 * bits first), used for store path hashes.
 */
const ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

export function nixBase32(bytes: Uint8Array): string {
  const len = Math.ceil((bytes.length * 8) / 5);
  let out = "";
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    const c = ((bytes[i] as number) >> j) | (i + 1 < bytes.length ? (bytes[i + 1] as number) << (8 - j) : 0);
    out += ALPHABET[c & 0x1f];
  }
  return out;
}
