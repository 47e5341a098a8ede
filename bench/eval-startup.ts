// Start-up cost of a small evaluation (issue #13: `eval --expr 1` within
// 50 ms of Node's own start): `system-manager eval --expr 1` against the
// peer `node -e 0`, run alternately so both see the same machine load.
// The launcher runs eval on the default stack and relaunches Node with a
// large one only when the evaluation ran out of it (bin/large-stack.js).
// RUNS sets the number of runs (default 30; 3 in the smoke run).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.env.RUNS ?? (process.env.BENCH_SMOKE === "1" ? 3 : 30));
const cli = fileURLToPath(new URL("../bin/system-manager.js", import.meta.url));

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = [];
const evals = [];
time([cli, "eval", "--expr", "1"]);
for (let i = 0; i < runs; i++) {
  base.push(time(["-e", "0"]));
  evals.push(time([cli, "eval", "--expr", "1"]));
}
const b = median(base);
const e = median(evals);
console.log(`node -e 0:                    ${b.toFixed(1)} ms (median of ${runs})`);
console.log(`system-manager eval --expr 1: ${e.toFixed(1)} ms`);
console.log(`difference:                   ${(e - b).toFixed(1)} ms (budget 50 ms); ratio ${(e / b).toFixed(2)}`);
