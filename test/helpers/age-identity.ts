/**
 * Throw-away age identities for tests, made at test time in a directory
 * the caller owns (a temporary one): an age key by `age-keygen -o`, its
 * recipient read from the "# public key:" line; and an ssh ed25519 key by
 * `ssh-keygen`, whose age recipient is derived from its public key as
 * ssh-to-age does (the Edwards point's y turned into the Montgomery u,
 * Bech32-encoded as age1…), independently of src/secrets/ssh-to-age.ts,
 * which derives the identity from the private key.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface TestIdentity {
  /** The identity's file: an age key file, or an ssh private key. */
  readonly keyFile: string;
  /** The age recipient (age1…) a file is encrypted to for it. */
  readonly recipient: string;
}

/** Why identities cannot be made here (a program missing), or undefined. */
export function identityToolsMissing(): string | undefined {
  const missing = [["age", "--version"], ["age-keygen", "--version"], ["ssh-keygen", "-?"]].filter(([p, a]) => spawnSync(p as string, [a as string]).error !== undefined).map(([p]) => p);
  return missing.length === 0 ? undefined : `${missing.join(", ")} not installed (apt-get install age openssh-client): the test's sops files and keys are made at test time with them`;
}

/** A new age key in `dir`/`name`. */
export function ageIdentity(dir: string, name = "key.txt"): TestIdentity {
  const keyFile = join(dir, name);
  execFileSync("age-keygen", ["-o", keyFile], { stdio: ["ignore", "ignore", "pipe"] });
  const recipient = /^# public key: (age1[0-9a-z]+)$/m.exec(readFileSync(keyFile, "utf8"))?.[1];
  if (recipient === undefined) throw new Error(`age-keygen wrote no "# public key:" line to ${keyFile}`);
  return { keyFile, recipient };
}

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

function bech32(hrp: string, data: Buffer): string {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const polymod = (values: number[]) => {
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i] as number;
    }
    return chk >>> 0;
  };
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of data) {
    acc = ((acc << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) words.push((acc >>> (bits -= 5)) & 31);
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const hrpWords = [...[...hrp].map((c) => c.charCodeAt(0) >>> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const mod = polymod([...hrpWords, ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => CHARSET[w]).join("")}`;
}

const P = 2n ** 255n - 19n;

function powMod(b: bigint, e: bigint): bigint {
  let r = 1n;
  for (let x = ((b % P) + P) % P, n = e; n > 0n; n >>= 1n, x = (x * x) % P) if (n & 1n) r = (r * x) % P;
  return r;
}

/** The age recipient of an OpenSSH ed25519 public key line (as ssh-to-age gives it). */
export function sshPublicKeyToAge(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? "", "base64");
  const typeLen = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + typeLen).toString() !== "ssh-ed25519") throw new Error("not an ssh-ed25519 public key");
  const point = blob.subarray(8 + typeLen, 8 + typeLen + 32);
  const y = BigInt(`0x${Buffer.from(point).reverse().toString("hex")}`) & ((1n << 255n) - 1n);
  const u = ((1n + y) * powMod(1n - y, P - 2n)) % P;
  return bech32("age", Buffer.from(u.toString(16).padStart(64, "0"), "hex").reverse());
}

/** A new unencrypted ssh ed25519 key in `dir`/`name` (and `name`.pub); its recipient is the one ssh-to-age derives. */
export function sshIdentity(dir: string, name = "ssh_host_ed25519_key"): TestIdentity {
  const keyFile = join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", keyFile], { stdio: ["ignore", "ignore", "pipe"] });
  return { keyFile, recipient: sshPublicKeyToAge(readFileSync(`${keyFile}.pub`, "utf8")) };
}
