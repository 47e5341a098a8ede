/**
 * The entry of dist/cli-worker.cjs, which the worker evaluating a build
 * loads (evaluate-in-worker.ts) when the CLI runs bundled (from
 * dist/activation-cli.cjs or dist/cli.cjs): it loads the whole CLI
 * (dist/cli.cjs, the one with the evaluator) beside it through V8's code
 * cache, as the launchers do, under the role "worker" (an evaluation
 * compiles other functions than the command's thread), and runs its
 * evaluationJob. A job without
 * --flake loads a TypeScript configuration with import(), which a bundle
 * compiled from a code cache cannot do on Node 20 (bin/code-cache.js):
 * it requires the bundle as Node requires any file. A worker a launcher
 * started ahead of a flake's build (bin/large-stack-worker.js) loads the
 * bundle in `prepare`, before the job comes.
 */
import { fileURLToPath } from "node:url";
import { requireWithCodeCache, requireWithoutCodeCache, type CodeCachedBundle } from "../../bin/code-cache.js";
import type { EvaluationJob, EvaluationOutcome } from "./evaluation-job.ts";

const bundle = () => fileURLToPath(new URL("./cli.cjs", import.meta.url));

let prepared: CodeCachedBundle | undefined;

/** Loads the whole CLI through the code cache, for a flake's job still to come. */
export function prepare(): void {
  prepared ??= requireWithCodeCache(bundle(), "worker", process.env);
}

export async function evaluationJob(job: EvaluationJob): Promise<EvaluationOutcome> {
  const flake = job.values.flake !== undefined;
  const cli = flake ? (prepared ?? requireWithCodeCache(bundle(), "worker", job.env)) : requireWithoutCodeCache(bundle());
  prepared = undefined;
  try {
    return await (cli.exports.evaluationJob as (job: EvaluationJob) => Promise<EvaluationOutcome>)(job);
  } finally {
    cli.save();
  }
}
