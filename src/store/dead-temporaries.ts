/**
 * What a killed writer leaves in the store: its `.tmp-*` temporaries (a
 * path half written, a damaged path moved aside). A build removes those
 * whose writer is known to be gone (tmp-lock.ts judges by pid and start
 * time, never by the clock; a zombie, killed and not yet reaped, is gone)
 * once it has written the store, so running a killed build again leaves
 * nothing of the dead one behind. A temporary whose writer is
 * unknown, or alive, is left alone (gc removes the unknown once old).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TMP_PREFIX } from "./store-path.ts";
import { tmpWriterAlive } from "./tmp-lock.ts";
import { removeTree } from "../packages/staged-path.ts";

/** Removes the temporaries of dead writers from the store directory `storeDir` (on the host); returns their names. */
export function removeDeadTemporaries(storeDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(storeDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const dead = names.filter((n) => n.startsWith(TMP_PREFIX) && tmpWriterAlive(n) === false).sort();
  for (const n of dead) {
    try {
      removeTree(join(storeDir, n));
    } catch (e) {
      // A gc removing it at the same time.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  return dead;
}
