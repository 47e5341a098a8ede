/**
 * The kill -9 figures: N trials per step and kill mode (KILL9_RUNS, default
 * 20; KILL9_STEPS, KILL9_MODES, KILL9_SEED and KILL9_TRIAL as for the
 * test; KILL9_TIMINGS, default 3, runs timing each step), then one
 * line per step and mode: trials, how many the kill interrupted, how many
 * converged, how many lost anything. Every failed trial is printed with
 * how to replay it.
 *   node scripts/build.mjs && node --import tsx test/kill9/figures.ts
 */
import { STEPS } from "./steps.ts";
import { describe, modesFromEnv, seedFromEnv, trial, trialIndexes, type KillMode, type TrialResult } from "./trial.ts";

const seed = seedFromEnv();
// Each step is timed three times (the median), so a slow moment of a shared machine does not stretch the delays.
process.env.KILL9_TIMINGS ??= "3";
const runs = Number(process.env.KILL9_RUNS ?? 20);
const only = process.env.KILL9_STEPS?.split(",").map((s) => s.trim());
const steps = STEPS.filter((s) => only === undefined || only.includes(s.name));
console.log(`kill -9 figures: seed ${seed}, ${runs} trial(s) per step and mode`);

const rows: string[] = [];
let failed = 0;
async function figures(name: string, mode: KillMode, run: (i: number) => Promise<TrialResult>): Promise<void> {
  const results: TrialResult[] = [];
  for (const i of trialIndexes(runs)) {
    const r = await run(i);
    results.push(r);
    if (!r.converged || r.lost) {
      failed++;
      console.log(describe(r));
    }
  }
  const count = (f: (r: TrialResult) => boolean) => String(results.filter(f).length).padStart(4);
  const row = `${`${name} [${mode}]`.padEnd(30)} trials ${count(() => true)}   killed mid-run ${count((r) => r.killed)}   converged ${count((r) => r.converged)}   lost anything ${count((r) => r.lost)}`;
  rows.push(row);
  console.log(row);
}

for (const mode of modesFromEnv()) {
  for (const step of steps) await figures(step.name, mode, (i) => trial(step, seed, i, mode));
}
console.log(`\nseed ${seed}\n${rows.join("\n")}`);
process.exitCode = failed === 0 ? 0 : 1;
