/**
 * Whether two files hold the same bytes, read a chunk at a time into two
 * small buffers that are used again: comparing the generation's engine
 * with ours (own-engine.ts, in every switch) reads 0.5 MB twice, which
 * read whole into two fresh buffers took about 5 ms, most of it the new
 * memory's page faults, against about 1.4 ms so. Throws what opening and
 * reading throw.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 64 * 1024;

export function sameBytes(a: string, b: string): boolean {
  const fa = openSync(a, "r");
  try {
    const fb = openSync(b, "r");
    try {
      if (fstatSync(fa).size !== fstatSync(fb).size) return false;
      const bufA = Buffer.allocUnsafeSlow(CHUNK);
      const bufB = Buffer.allocUnsafeSlow(CHUNK);
      for (let at = 0; ; ) {
        const n = readSync(fa, bufA, 0, CHUNK, at);
        // A file that grew or shrank while read differs from one that did not.
        if (readSync(fb, bufB, 0, CHUNK, at) !== n) return false;
        if (n === 0) return true;
        if (!bufA.subarray(0, n).equals(bufB.subarray(0, n))) return false;
        at += n;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}
