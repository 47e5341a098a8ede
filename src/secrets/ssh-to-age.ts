/**
 * An ssh ed25519 private key as the age X25519 identity sops-nix derives
 * from it (as ssh-to-age does): the scalar of the Ed25519 seed
 * (SHA-512 of it, first 32 bytes, clamped), Bech32-encoded as
 * AGE-SECRET-KEY-1…. A file sops encrypted to such a host's age
 * recipient (age1…, made with ssh-to-age from the host key) opens with it.
 * Only unencrypted OpenSSH keys are read; others give undefined.
 */
import { createHash } from "node:crypto";

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

function polymod(values: readonly number[]): number {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= GEN[i] as number;
  }
  return chk >>> 0;
}

function bech32(hrp: string, data: Buffer): string {
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of data) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const expand = [...hrp].map((c) => c.charCodeAt(0) >>> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const mod = polymod([...expand, ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => CHARSET[w]).join("")}`;
}

class Reader {
  private at = 0;
  private readonly b: Buffer;
  constructor(b: Buffer) {
    this.b = b;
  }
  u32(): number {
    const v = this.b.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    const v = this.b.subarray(this.at, this.at + n);
    if (v.length !== n) throw new RangeError("short");
    this.at += n;
    return v;
  }
}

/** The age identity of an OpenSSH ed25519 private key's text, or undefined when it is not an unencrypted ed25519 key. */
export function sshEd25519ToAge(text: string): string | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (m === null) return undefined;
  const raw = Buffer.from((m[1] as string).replace(/\s+/g, ""), "base64");
  const magic = Buffer.from("openssh-key-v1\0");
  if (!raw.subarray(0, magic.length).equals(magic)) return undefined;
  try {
    const r = new Reader(raw.subarray(magic.length));
    if (r.bytes().toString() !== "none") return undefined;
    r.bytes();
    r.bytes();
    if (r.u32() !== 1) return undefined;
    r.bytes();
    const priv = new Reader(r.bytes());
    if (priv.u32() !== priv.u32()) return undefined;
    if (priv.bytes().toString() !== "ssh-ed25519") return undefined;
    priv.bytes();
    const seed = priv.bytes().subarray(0, 32);
    const scalar = createHash("sha512").update(seed).digest().subarray(0, 32);
    scalar[0] = (scalar[0] as number) & 248;
    scalar[31] = ((scalar[31] as number) & 127) | 64;
    return bech32("age-secret-key-", scalar).toUpperCase();
  } catch {
    return undefined;
  }
}
