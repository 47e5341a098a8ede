/**
 * What a killed writer leaves in the store: its `.tmp-*` temporaries (a
 * path half written, a damaged path moved aside) and its temporary GC
 * roots. A build removes those whose writer is known to be gone
 * (tmp-lock.ts judges by pid and start time, never by the clock; a zombie,
 * killed and not yet reaped, is gone) once it has written the store, so
 * running a killed build again leaves nothing of the dead one behind. A
 * temporary whose writer is unknown, or alive, is left alone (gc removes
 * the unknown once old).
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TMP_PREFIX } from "./store-path.ts";
import { tmpWriterAlive } from "./tmp-lock.ts";
import { readTempRoots } from "./temp-roots.ts";
import { trustedStoreDir } from "./write-store-path.ts";
import { removeTree } from "../packages/staged-path.ts";

/**
 * Removes the temporaries of dead writers from the store under `root`
 * (trusted, and written by this build), and the temporary GC root files of
 * dead processes (temp-roots.ts); returns the temporaries' names.
 */
export function removeDeadTemporaries(root: string): string[] {
  const storeDir = trustedStoreDir(root);
  const dead = readdirSync(storeDir).filter((n) => n.startsWith(TMP_PREFIX) && tmpWriterAlive(n) === false).sort();
  for (const n of dead) {
    try {
      removeTree(join(storeDir, n));
    } catch (e) {
      // A gc removing it at the same time.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  for (const f of readTempRoots(root, Date.now()).stale) rmSync(f, { force: true });
  return dead;
}
