/**
 * Nix's base-32 against what Nix prints (`nix-hash --to-base32`) for the
 * digests of the empty string (md5, sha1, sha256) and of "abc" (sha512,
 * longer than the short encodings' scratch space), decoding back, and the
 * XOR-fold a store path hash is made with.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { foldHash, fromNixBase32, nixBase32 } from "./nix-base32.ts";

const VECTORS: [algorithm: string, text: string, nix: string][] = [
  ["md5", "", "3y8bwfr609h3lh9ch0izcqq7fl"],
  ["sha1", "", "143xibwh31h9bvxzalr0sjvbbvpa6ffs"],
  ["sha256", "", "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"],
  ["sha512", "abc", "2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx"],
];

test("nixBase32 gives what nix-hash --to-base32 prints, and fromNixBase32 decodes it back", () => {
  for (const [algorithm, text, nix] of VECTORS) {
    const digest = createHash(algorithm).update(text).digest();
    assert.equal(nixBase32(digest), nix, algorithm);
    assert.deepEqual(fromNixBase32(nix, digest.length), digest, algorithm);
  }
});

test("nixBase32 of consecutive values differs as Nix's does (a short encoding does not keep an earlier one's characters)", () => {
  assert.equal(nixBase32(Buffer.alloc(20, 0xff)), "z".repeat(32));
  assert.equal(nixBase32(Buffer.alloc(20)), "0".repeat(32));
  assert.equal(nixBase32(Buffer.alloc(0)), "");
  assert.equal(fromNixBase32("e", 1), undefined, "e is not in Nix's alphabet");
});

test("foldHash XORs a digest down to 20 bytes, byte i into i mod 20", () => {
  const digest = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1));
  const folded = foldHash(digest);
  assert.equal(folded.length, 20);
  for (let i = 0; i < 20; i++) assert.equal(folded[i], (i + 1) ^ (i + 21 <= 32 ? i + 21 : 0));
});
