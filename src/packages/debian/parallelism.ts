/**
 * How much of a Debian realisation runs at once: .debs unpacked together
 * (each a dpkg-deb and its tar), patchelf runs together, and files per
 * patchelf run. By default one of each per CPU this process may use
 * (os.availableParallelism), at least two, so a slow process overlaps
 * another's work. The results never depend on it: every store path and
 * the lock are the same bytes whatever the order things finish in.
 * Downloads are one `apt-get download`, whose fetcher already pipelines
 * requests to each host and fetches from the hosts at once (several apt
 * processes, measured, are slower: each loads the package cache).
 */
import { availableParallelism } from "node:os";
import { PATCH_BATCH } from "./patch-elf.ts";

export interface Parallelism {
  readonly unpack: number;
  readonly patch: number;
  readonly patchBatch: number;
}

export function parallelism(wanted: Partial<Parallelism> = {}): Parallelism {
  const n = Math.max(2, availableParallelism());
  return { unpack: wanted.unpack ?? n, patch: wanted.patch ?? n, patchBatch: wanted.patchBatch ?? PATCH_BATCH };
}
