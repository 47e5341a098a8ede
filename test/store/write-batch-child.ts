/**
 * The other process of test/store/batch-kill9.test.ts, run as
 * `node --import tsx write-batch-child.ts ROOT N`: writes N one-file text
 * paths and a generation holding their texts in one batch
 * (writeStorePaths), as a build does, then prints "done".
 */
import { writeStorePaths } from "../../src/store/write-store-paths.ts";
import { inStoreSession } from "../../src/store/store-session.ts";
import { batchTrees } from "./batch-trees.ts";

const [root, n] = process.argv.slice(2) as [string, string];
await inStoreSession(() => writeStorePaths(root, batchTrees(Number(n))));
process.stdout.write("done\n");
