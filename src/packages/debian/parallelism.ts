/**
 * How much of a Debian realisation runs at once: .debs unpacked together
 * (each a dpkg-deb and its tar), patchelf runs together, and files per
 * patchelf run. By default one of each per CPU this process may use
 * (os.availableParallelism), at least two, so a slow process overlaps
 * another's work. The results never depend on it: every store path and
 * the lock are the same bytes whatever the order things finish in.
 * Downloads run DOWNLOADS at once: more connections than apt's one per
 * host fetch a large closure from Debian's CDN two to three times faster
 * (measured: 43 MB in 3.0 s over one connection, 1.5 s over four, 1.1 s
 * over eight), while a mirror still sees few.
 */
import { availableParallelism } from "node:os";
import { PATCH_BATCH } from "./run-patches.ts";

/** Downloads at once by default. */
export const DOWNLOADS = 6;

export interface Parallelism {
  readonly download: number;
  readonly unpack: number;
  readonly patch: number;
  readonly patchBatch: number;
}

export function parallelism(wanted: Partial<Parallelism> = {}): Parallelism {
  const n = Math.max(2, availableParallelism());
  return { download: wanted.download ?? DOWNLOADS, unpack: wanted.unpack ?? n, patch: wanted.patch ?? n, patchBatch: wanted.patchBatch ?? PATCH_BATCH };
}
