/**
 * A build's evaluation in this thread: a system's (evaluate-and-build.ts)
 * or a home's (home-manager/evaluate-home.ts), written into the store. The
 * worker runs it for the CLI's thread (evaluation-job.ts); a thread with a
 * large stack of its own runs it itself (evaluate.ts).
 */
import type { Io } from "./io.ts";
import type { EvalRecorder } from "../build/eval-cache/eval-recorder.ts";
import type { EvaluationTask } from "./evaluation-job.ts";
import { debugOf } from "./debug.ts";

/** Evaluates and builds `task`, telling `recorder` what it depended on; the generation's store path. */
export async function evaluateHere(task: EvaluationTask, io: Io, recorder: EvalRecorder | undefined): Promise<string> {
  // With the evaluation cache in use (a recorder), submodule instances unchanged since the last build are answered from its memo.
  const stored = recorder === undefined ? undefined : (await import("../build/eval-cache/instance-memo-file.ts")).loadInstanceMemo(task.kind === "system" ? task.root : task.storeRoot);
  const { useInstanceMemo } = await import("../module-system/instance-memo.ts");
  useInstanceMemo(stored?.memo);
  try {
    const storePath = await build(task, io, recorder);
    if (stored !== undefined) {
      if (recorder?.options.writes !== false) stored.save();
      debugOf(io)?.(`instance memo: ${stored.memo.hits} submodule instances reused, ${stored.memo.misses} evaluated`);
    }
    return storePath;
  } finally {
    useInstanceMemo(undefined);
  }
}

async function build(task: EvaluationTask, io: Io, recorder: EvalRecorder | undefined): Promise<string> {
  if (task.kind === "system") return (await import("./evaluate-and-build.ts")).evaluateAndBuild(task.values, task.root, io, recorder);
  const { evaluateAndBuildHome } = await import("./home-manager/evaluate-home.ts");
  return evaluateAndBuildHome({ io, home: task.home, user: task.user }, task.values, task.storeRoot, recorder);
}
