// Start-up cost of the CLI: `system-manager --help` against the peer
// `node -e 0` (the floor every Node program pays), run alternately so both
// see the same machine load, with each one's peak RSS
// (bench/lib/startup.ts). RUNS sets the number of runs (default 30; 3 in
// the smoke run, BENCH_SMOKE=1).
import { join } from "node:path";
import { size } from "./lib/bench-env.ts";
import { compareStartup } from "./lib/startup.ts";

const runs = Number(process.env.RUNS ?? size(30, 3));
const cli = join(import.meta.dirname, "../bin/system-manager.js");
compareStartup(
  [
    { label: "node -e 0", args: ["-e", "0"] },
    { label: "system-manager --help", args: [cli, "--help"] },
  ],
  runs,
  60,
);
