/**
 * Evaluating a build in a worker thread with a large stack (Nix's 10,000
 * nested calls need about 64 MiB, more for a larger max-call-depth:
 * ../nix/max-call-depth.ts; the main thread has under 1): the
 * worker runs evaluation-job.ts through the CLI's entry, evaluates and
 * writes the generation, and hands back its store path, what the
 * evaluation read (added to the cache's recorder here) and what it
 * printed, passed on as it comes. The main thread keeps what a worker
 * cannot do (activation: chdir, setuid, signals). A failure the worker
 * rendered is thrown as a RenderedError, printed by the top-level handler
 * as it is. Whether a build evaluates in a worker: evaluate.ts. The
 * launcher starts that worker for a flake's build and switch before any
 * bundle loads (bin/large-stack-worker.js), so that it loads the CLI while
 * this thread asks the evaluation cache; a build takes it when it must
 * evaluate.
 */
import type { Io } from "./io.ts";
import type { EvalRecorder } from "../build/eval-cache/eval-recorder.ts";
import type { EvaluationJob, EvaluationOutcome, EvaluationTask, JobMessage } from "./evaluation-job.ts";
import { RenderedError } from "./rendered-error.ts";
import { stderrIsTty } from "./stderr-tty.ts";
import { debugOf } from "./debug.ts";

const FROM_SOURCES = import.meta.url.endsWith(".ts");
/** The module whose evaluationJob the worker calls: dist/cli-worker.cjs beside the CLI's bundle (which loads it through the code cache: cli-worker.ts); src/cli/main.ts from sources. */
const ENTRY = new URL(FROM_SOURCES ? "./main.ts" : "./cli-worker.cjs", import.meta.url);

/**
 * Whether builds evaluate in a worker: when the CLI runs bundled (from
 * sources, as in-process tests run it, a worker would load every module
 * again through tsx) and the process has no large stack of its own
 * (SYSTEM_MANAGER_LARGE_STACK, for `node --stack-size=…`: one thread to
 * profile).
 */
export function evaluatesInWorker(): boolean {
  return !FROM_SOURCES && process.env.SYSTEM_MANAGER_LARGE_STACK === undefined;
}

/** Evaluates and builds `task` in a worker; the generation's store path (a temporary GC root of this process). */
export async function evaluateInWorker(task: EvaluationTask, io: Io, recorder: EvalRecorder | undefined): Promise<string> {
  const { runWithLargeStack } = await import("./large-stack.ts");
  const { stackMbFor } = await import("../nix/max-call-depth.ts");
  const { keptInStore } = await import("../store/write-store-path.ts");
  const job: EvaluationJob = { ...task, env: { ...io.env }, cwd: io.cwd, tty: stderrIsTty(io), rawTty: process.stderr.isTTY === true, ...(recorder !== undefined ? { record: recorder.options } : {}) };
  const storeRoot = task.kind === "system" ? task.root : task.storeRoot;
  const outcome = await runWithLargeStack<EvaluationOutcome>(ENTRY, "evaluationJob", [job], {
    stackMb: stackMbFor(task.values.settings?.maxCallDepth),
    onMessage: (m) => {
      const message = m as JobMessage;
      if ("stderr" in message) io.stderr(message.stderr);
      else if ("stdout" in message) io.stdout(message.stdout);
      else process.stderr.write(message.raw);
    },
    // The generation becomes this thread's temporary GC root before the worker (whose roots go when it ends) is stopped.
    adopt: (o) => "storePath" in o && (keptInStore(storeRoot, o.storePath), true),
    // The worker the launcher started for a flake's build, which has loaded the CLI meanwhile (cli-worker.ts's prepare).
    prestarted: task.values.flake !== undefined,
    took: (ahead) => {
      if (ahead) debugOf(io)?.("build: evaluating in the worker started at launch");
    },
  });
  if ("error" in outcome) throw new RenderedError(outcome.error, outcome.exitCode);
  recorder?.adopt(outcome);
  return outcome.storePath;
}
