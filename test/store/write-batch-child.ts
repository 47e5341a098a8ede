/**
 * The other process of test/store/batch-kill9.test.ts, run as
 * `node --import tsx write-batch-child.ts ROOT N STOP`: writes N one-file
 * text paths and a generation holding their texts in one batch
 * (writeStorePaths), as a build does, then prints "done". With STOP, it
 * stops at its STOP-th rename into the store (before making it), prints
 * "stopped" and waits there to be killed: the point it is killed at is
 * chosen by the test, not by how fast either process runs (another build
 * or test sharing the CPU).
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { writeStorePaths } from "../../src/store/write-store-paths.ts";
import { inStoreSession } from "../../src/store/store-session.ts";
import { batchTrees } from "./batch-trees.ts";

const [root, n, stop] = process.argv.slice(2) as [string, string, string | undefined];
if (stop !== undefined) {
  const rename = fs.renameSync;
  let renames = 0;
  fs.renameSync = (from, to) => {
    if (++renames === Number(stop)) {
      fs.writeSync(1, "stopped\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
    rename(from, to);
  };
  syncBuiltinESMExports();
}
await inStoreSession(() => writeStorePaths(root, batchTrees(Number(n))));
process.stdout.write("done\n");
