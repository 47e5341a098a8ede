/**
 * Catches any use of the host's patchelf: runs `fn` with a `patchelf` first
 * on PATH that fails loudly and leaves a mark, and says whether it ran.
 * The Debian provider must patch with the patchelf pinned in the lock,
 * run from the store, whether or not the host has one.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export async function withoutHostPatchelf<T>(dir: string, fn: () => Promise<T>): Promise<{ result: T; hostPatchelfRan: boolean }> {
  const bin = join(dir, "poisoned-bin");
  const marker = join(dir, "host-patchelf-ran");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "patchelf"), `#!/bin/sh\necho "the host's patchelf was run: $*" >&2\ntouch '${marker}'\nexit 1\n`);
  chmodSync(join(bin, "patchelf"), 0o755);
  const saved = process.env.PATH;
  process.env.PATH = `${bin}:${saved ?? ""}`;
  try {
    const result = await fn();
    return { result, hostPatchelfRan: existsSync(marker) };
  } finally {
    process.env.PATH = saved;
  }
}
