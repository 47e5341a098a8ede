/**
 * Where a build's evaluation runs, one way for build and switch, a system
 * and a home: in a worker with a large stack (evaluate-in-worker.ts) when
 * the CLI runs bundled, else in this thread (evaluate-here.ts). The entries
 * of the whole CLI (main.ts, home-manager-main.ts) give the in-thread
 * evaluation (evaluateHereWith); the activation CLI (activation-main.ts,
 * dist/activation-cli.cjs), which never runs in a thread that evaluates
 * itself, does not, and so bundles none of the evaluator.
 */
import type { Io } from "./io.ts";
import type { EvalRecorder } from "../build/eval-cache/eval-recorder.ts";
import type { EvaluationTask } from "./evaluation-job.ts";
import { evaluatesInWorker, evaluateInWorker } from "./evaluate-in-worker.ts";

type EvaluateHere = typeof import("./evaluate-here.ts");

let here: (() => Promise<EvaluateHere>) | undefined;

/** Lets this thread evaluate builds itself, with `load` loading evaluate-here.ts. */
export function evaluateHereWith(load: () => Promise<EvaluateHere>): void {
  here = load;
}

/** Evaluates and builds `task`; the generation's store path. */
export async function evaluate(task: EvaluationTask, io: Io, recorder: EvalRecorder | undefined): Promise<string> {
  if (evaluatesInWorker()) return evaluateInWorker(task, io, recorder);
  if (here === undefined) throw new Error("this CLI evaluates builds only in a worker; a thread that evaluates itself runs the whole CLI (dist/cli.cjs)");
  return (await here()).evaluateHere(task, io, recorder);
}
