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
 * it requires the bundle as Node requires any file.
 */
import { fileURLToPath } from "node:url";
import { requireWithCodeCache, requireWithoutCodeCache } from "../../bin/code-cache.js";
import type { EvaluationJob, EvaluationOutcome } from "./evaluation-job.ts";

export async function evaluationJob(job: EvaluationJob): Promise<EvaluationOutcome> {
  const bundle = fileURLToPath(new URL("./cli.cjs", import.meta.url));
  const cli = job.values.flake === undefined ? requireWithoutCodeCache(bundle) : requireWithCodeCache(bundle, "worker", job.env);
  try {
    return await (cli.exports.evaluationJob as (job: EvaluationJob) => Promise<EvaluationOutcome>)(job);
  } finally {
    cli.save();
  }
}
