/**
 * The other process of test/store/batch-kill9.test.ts, run as
 * `node --import tsx write-batch-child.ts ROOT N STOP`: writes N one-file
 * text paths and a generation holding their texts in one batch
 * (writeStorePaths), as a build does, then prints "done". With STOP, it
 * stops at the STOP-th path it places into the store, by a rename or a
 * link (before making it), prints
 * "stopped" and waits there to be killed: the point it is killed at is
 * chosen by the test, not by how fast either process runs (another build
 * or test sharing the CPU).
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { dirname, join } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { writeStorePaths } from "../../src/store/write-store-paths.ts";
import { inStoreSession } from "../../src/store/store-session.ts";
import { batchTrees } from "./batch-trees.ts";

const [root, n, stop] = process.argv.slice(2) as [string, string, string | undefined];
if (stop !== undefined) {
  // A path is placed in the store by a rename, or by a link from its generation's staged file (write-store-paths.ts).
  const store = join(root, STORE_DIR);
  const { renameSync: rename, linkSync: link } = fs;
  let placed = 0;
  const placing = (to: fs.PathLike) => {
    if (dirname(String(to)) === store && ++placed === Number(stop)) {
      fs.writeSync(1, "stopped\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
  };
  fs.renameSync = (from, to) => {
    placing(to);
    rename(from, to);
  };
  fs.linkSync = (from, to) => {
    placing(to);
    link(from, to);
  };
  syncBuiltinESMExports();
}
await inStoreSession(() => writeStorePaths(root, batchTrees(Number(n))));
process.stdout.write("done\n");
