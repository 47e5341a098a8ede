// Start-up cost of the CLI: `system-manager --help` against the peer
// `node -e 0` (the floor every Node program pays), run alternately so both
// see the same machine load. Prints medians and the difference. RUNS sets
// the number of runs (default 30; 3 in the smoke run, BENCH_SMOKE=1).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.env.RUNS ?? (process.env.BENCH_SMOKE === "1" ? 3 : 30));
const cli = fileURLToPath(new URL("../bin/system-manager.js", import.meta.url));

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = [];
const help = [];
time([cli, "--help"]);
for (let i = 0; i < runs; i++) {
  base.push(time(["-e", "0"]));
  help.push(time([cli, "--help"]));
}
const b = median(base);
const h = median(help);
console.log(`node -e 0:               ${b.toFixed(1)} ms (median of ${runs})`);
console.log(`system-manager --help:   ${h.toFixed(1)} ms`);
console.log(`difference:              ${(h - b).toFixed(1)} ms (budget 60 ms); ratio ${(h / b).toFixed(2)}`);
