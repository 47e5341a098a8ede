/**
 * kill -9 at random moments, as the outside checkers do: the real
 * CLI (bin/system-manager.js) runs build, switch, rollback, deactivate, gc
 * and a dry run on a scratch root holding a host's own files and accounts,
 * its process group is killed with SIGKILL after a seeded random delay, and
 * the step is run again: it must converge to the uninterrupted run's tree
 * and lose nothing (see trial.ts). One trial per step by default;
 * KILL9_RUNS=N for more, KILL9_STEPS='switch B,gc' for some steps,
 * KILL9_SEED to replay. `node --import tsx test/kill9/figures.ts` prints
 * the figures of a long run. Root only: homes are activated as their user.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRoot } from "../helpers/tree.ts";
import { STEPS } from "./steps.ts";
import { describe, seedFromEnv, trial } from "./trial.ts";

const seed = seedFromEnv();
const runs = Number(process.env.KILL9_RUNS ?? 1);
const only = process.env.KILL9_STEPS?.split(",").map((s) => s.trim());
const skip = isRoot ? false : "needs root (homes are activated as their own user, files are owned by several users)";

for (const step of STEPS.filter((s) => only === undefined || only.includes(s.name))) {
  test(`kill -9 during ${step.name}: the re-run converges and nothing is lost (seed ${seed}, ${runs} trial(s))`, { skip }, async () => {
    for (let i = 0; i < runs; i++) {
      const r = await trial(step, seed, i);
      assert.ok(r.converged && !r.lost, describe(r));
    }
  });
}
