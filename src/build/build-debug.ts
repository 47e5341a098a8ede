/**
 * A build's debug lines (--verbose): how long each phase took (evaluation
 * is lazy, so a phase's time includes the evaluation it forced) and which
 * store paths the build wrote or found already there. Nothing is measured
 * or listed without a debug channel.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR, storeEntryName, type StorePath } from "../store/store-path.ts";

export type Debug = ((line: string) => void) | undefined;

/** Marks the end of each phase: `phase("…")` prints the time since the previous mark. */
export function phases(debug: Debug): (done: string) => void {
  if (debug === undefined) return () => undefined;
  let last = performance.now();
  return (done) => {
    const now = performance.now();
    debug(`build: ${done} in ${Math.round(now - last)} ms`);
    last = now;
  };
}

/** The store's entries before the build writes (undefined without a debug channel, or without a store yet). */
export function storeBefore(debug: Debug, root: string): ReadonlySet<string> | undefined {
  if (debug === undefined) return undefined;
  try {
    return new Set(readdirSync(join(root, STORE_DIR)));
  } catch {
    return new Set();
  }
}

/** One line per store path of the generation's batch: written now, or already there. */
export function debugStorePaths(debug: Debug, before: ReadonlySet<string> | undefined, paths: readonly StorePath[]): void {
  if (debug === undefined || before === undefined) return;
  const fresh = paths.filter((p) => !before.has(storeEntryName(p)));
  debug(`build: ${paths.length} store path(s) in the generation's batch, ${fresh.length} written now`);
  for (const p of paths) debug(`build:   ${before.has(storeEntryName(p)) ? "kept   " : "written"} ${p}`);
}
