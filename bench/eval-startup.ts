// Start-up cost of a small evaluation (issue #13: `eval --expr 1` within
// 50 ms of Node's own start): `system-manager eval --expr 1` against the
// peer `node -e 0`, run alternately so both see the same machine load,
// with each one's peak RSS (bench/lib/startup.ts). The launcher runs eval
// from its own CommonJS bundle (dist/eval-cli.cjs) through V8's code cache
// (bin/code-cache.js; the warm-up run writes it, into a scratch cache
// directory); "without code cache" points XDG_CACHE_HOME below a file, so
// that no cache can be read or written. Eval runs on the default stack and
// is run again in a worker thread with a large one only when the evaluation
// ran out of it (bin/large-stack.js). RUNS sets the number of runs (default 30; 3 in the
// smoke run).
import { join } from "node:path";
import { scratchDir, size } from "./lib/bench-env.ts";
import { compareStartup } from "./lib/startup.ts";

const runs = Number(process.env.RUNS ?? size(30, 3));
const cli = join(import.meta.dirname, "../bin/system-manager.js");
const cache = scratchDir("sm-bench-eval-startup-");
const args = [cli, "eval", "--expr", "1"];
compareStartup(
  [
    { label: "node -e 0", args: ["-e", "0"] },
    { label: "system-manager eval --expr 1", args, env: { ...process.env, XDG_CACHE_HOME: cache } },
    { label: "  without code cache", args, env: { ...process.env, XDG_CACHE_HOME: "/dev/null/no-cache" } },
  ],
  runs,
  50,
);
