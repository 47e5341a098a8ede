/**
 * A build's evaluation as the worker with a large stack runs it
 * (evaluate-in-worker.ts starts it): evaluates and builds a system or a
 * home (evaluate-here.ts), writing its generation into the store, with an
 * EvalRecorder watching when the evaluation cache is to record it. What it prints reaches the main
 * thread as messages, in order with each other: the command's stderr and
 * stdout, and what the evaluator writes to the process's stderr itself
 * (`raw`: builtins.trace, builtins.warn). The outcome is the generation's
 * store path with what was recorded, or the error as the CLI's one
 * handler rendered it, with its exit code.
 */
import { parentPort } from "node:worker_threads";
import type { Io } from "./io.ts";
import type { BuildArgs } from "./commands/build.ts";
import type { HomeArgs } from "./home-manager/home-build.ts";
import type { Recorded, RecorderOptions } from "../build/eval-cache/eval-recorder.ts";
import { markStderrTty } from "./stderr-tty.ts";

/** What to build: a system into `root`, or a user's home into their store under `storeRoot`. */
export type EvaluationTask = { readonly kind: "system"; readonly values: BuildArgs; readonly root: string } | { readonly kind: "home"; readonly values: HomeArgs; readonly storeRoot: string; readonly home: string; readonly user: string };

export type EvaluationJob = EvaluationTask & {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether the command's stderr passes its text on to a terminal (stderr-tty.ts). */
  readonly tty: boolean;
  /** Whether the process's stderr is a terminal (the evaluator then keeps ANSI escapes in traces). */
  readonly rawTty: boolean;
  /** Present when the evaluation cache records what the evaluation reads. */
  readonly record?: RecorderOptions;
};

export type EvaluationOutcome = ({ readonly storePath: string } & Recorded) | { readonly error: string; readonly exitCode: number };

export type JobMessage = { readonly stderr: string } | { readonly stdout: string } | { readonly raw: string };

const text = (chunk: unknown): string => (typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString());

export async function evaluationJob(job: EvaluationJob): Promise<EvaluationOutcome> {
  const post = (m: JobMessage) => parentPort?.postMessage(m);
  const io: Io = { stdout: (t) => post({ stdout: t }), stderr: (t) => post({ stderr: t }), env: job.env, cwd: job.cwd };
  if (job.tty) markStderrTty(io);
  // A worker's own stderr reaches the main thread on a channel of its own, out of order with the messages.
  Object.assign(process.stderr, {
    isTTY: job.rawTty,
    write: (chunk: unknown, encoding?: unknown, cb?: () => void) => {
      post({ raw: text(chunk) });
      (typeof encoding === "function" ? (encoding as () => void) : cb)?.();
      return true;
    },
  });
  const { EvalRecorder } = await import("../build/eval-cache/eval-recorder.ts");
  const recorder = job.record === undefined ? undefined : new EvalRecorder(job.record);
  recorder?.start();
  try {
    const storePath = await (await import("./evaluate-here.ts")).evaluateHere(job, io, recorder);
    // The closure is taken here, where the build's references are known: the main thread would read every path back.
    const storeRoot = job.kind === "system" ? job.root : job.storeRoot;
    const closure = recorder === undefined ? undefined : await (await import("../build/eval-cache/cached-build.ts")).closureOf(storeRoot, storePath);
    return { storePath, dependencies: recorder?.dependencies ?? [], uncacheable: recorder?.uncacheable, ...(closure !== undefined ? { closure } : {}) };
  } catch (e) {
    let rendered = "";
    const exitCode = (await import("./render-error.ts")).handleCliError(e, (t) => (rendered += t));
    return { error: rendered, exitCode };
  } finally {
    recorder?.stop();
    // The caller may stop this thread once it has the outcome: the parse cache's pending entries are written first.
    (await import("../nix/parser/entry-writer.ts")).settleEntryWrites();
  }
}
