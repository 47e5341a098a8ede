/**
 * kill -9 at random moments, as the outside checkers do: the real
 * CLI (bin/system-manager.js) runs build, switch, rollback, deactivate, gc
 * and a dry run on a scratch root holding a host's own files and accounts,
 * is killed with SIGKILL after a seeded random delay, and the step is run
 * again (a killed switch is also followed by rollback, which must return
 * to the generation before): it must converge to the uninterrupted run's
 * tree and lose nothing (see trial.ts). By default one trial per step killing the process group,
 * and one killing only the CLI's pid for a step the seed picks;
 * KILL9_RUNS=N for more, KILL9_STEPS='switch B,gc' and KILL9_MODES=pid to
 * choose, KILL9_SEED (and KILL9_TRIAL) to replay. `node --import tsx test/kill9/figures.ts`
 * prints the figures of a long run. Root only: homes are activated as
 * their own user.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRoot } from "../helpers/tree.ts";
import { STEPS } from "./steps.ts";
import { describe, modesFromEnv, seedFromEnv, trial, trialIndexes, type KillMode } from "./trial.ts";

const seed = seedFromEnv();
const runs = Number(process.env.KILL9_RUNS ?? 1);
const only = process.env.KILL9_STEPS?.split(",").map((s) => s.trim());
const chosen = process.env.KILL9_MODES !== undefined;
const skip = isRoot ? false : "needs root (homes are activated as their own user, files are owned by several users)";
const pidStep = STEPS[seed % STEPS.length]?.name;

for (const mode of modesFromEnv()) {
  for (const step of STEPS.filter((s) => (only === undefined || only.includes(s.name)) && (chosen || mode === "group" || s.name === pidStep))) {
    test(`kill -9 (${mode}) during ${step.name}: the re-run converges and nothing is lost (seed ${seed}, ${runs} trial(s))`, { skip }, async () => {
      for (const i of trialIndexes(runs)) {
        const r = await trial(step, seed, i, mode as KillMode);
        assert.ok(r.converged && !r.lost, describe(r));
      }
    });
  }
}
