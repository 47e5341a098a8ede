/**
 * The kill -9 figures: N trials per step (KILL9_RUNS, default 20; KILL9_STEPS
 * and KILL9_SEED as for the test), then one line per step: trials, how
 * many the kill interrupted, how many converged, how many lost anything.
 * Every failed trial is printed with how to replay it.
 *   node scripts/build.mjs && node --import tsx test/kill9/figures.ts
 */
import { STEPS } from "./steps.ts";
import { describe, seedFromEnv, trial, type TrialResult } from "./trial.ts";

const seed = seedFromEnv();
const runs = Number(process.env.KILL9_RUNS ?? 20);
const only = process.env.KILL9_STEPS?.split(",").map((s) => s.trim());
console.log(`kill -9 figures: seed ${seed}, ${runs} trial(s) per step`);
const rows: string[] = [];
let failed = 0;
for (const step of STEPS.filter((s) => only === undefined || only.includes(s.name))) {
  const results: TrialResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await trial(step, seed, i);
    results.push(r);
    if (!r.converged || r.lost) {
      failed++;
      console.log(describe(r));
    }
  }
  const count = (f: (r: TrialResult) => boolean) => results.filter(f).length;
  const row = `${step.name.padEnd(24)} trials ${String(results.length).padStart(4)}   killed mid-run ${String(count((r) => r.killed)).padStart(4)}   converged ${String(count((r) => r.converged)).padStart(4)}   lost anything ${String(count((r) => r.lost)).padStart(4)}`;
  rows.push(row);
  console.log(row);
}
console.log(`\nseed ${seed}\n${rows.join("\n")}`);
process.exitCode = failed === 0 ? 0 : 1;
