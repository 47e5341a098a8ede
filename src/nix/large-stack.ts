/**
 * Running work with a large JavaScript stack. The evaluator recurses on
 * the JavaScript stack (a Nix call is a few JavaScript frames), and Node's
 * main thread has under 1 MiB of it: about 1,500 nested Nix calls. Nix
 * allows 10,000 (max-call-depth). A worker thread can be given a larger
 * stack, so work that evaluates Nix runs there: `runWithLargeStack` loads
 * a module in a worker with `stackMb` of stack, calls one of its exports
 * with structured-clonable arguments and returns its (awaited, clonable)
 * result. Values cannot cross threads, so the export should do the whole
 * job (evaluate, then render or serialise).
 *
 *     const text = await runWithLargeStack(new URL("./my-job.ts", import.meta.url), "run", [flakeDir]);
 *
 * The CLI's launcher (bin/large-stack.js) relaunches Node with a large
 * stack instead, and only on demand: a command calls `needLargeStack()`
 * once it knows it must evaluate (a build whose evaluation is not cached),
 * before it has printed or changed anything.
 */
import { Worker } from "node:worker_threads";

const BOOT = `
const { parentPort, workerData } = require("node:worker_threads");
(workerData.tsx ? import(workerData.tsx).then((t) => t.register()) : Promise.resolve())
  .then(() => import(workerData.module))
  .then((m) => m[workerData.name](...workerData.args))
  .then((value) => parentPort.postMessage({ ok: true, value }),
        (e) => parentPort.postMessage({ ok: false, error: { name: e?.name, message: String(e?.message ?? e), location: e?.location, context: e?.context, stack: e?.stack } }));
`;

/** Where the launcher offers its relaunch (bin/large-stack.js). */
const RELAUNCH = Symbol.for("system-manager.relaunch-with-large-stack");

/**
 * Runs the command again with a large stack when its launcher offers to:
 * the process then ends with the relaunched command's exit code, and this
 * never resolves. Resolves at once when there is no offer (the stack is
 * already large, the rlimit is small, or the CLI was not started through
 * a launcher, as in tests) or the relaunch could not start.
 */
export async function needLargeStack(): Promise<void> {
  const relaunch = (globalThis as Record<symbol, unknown>)[RELAUNCH];
  if (typeof relaunch === "function") await (relaunch as () => Promise<void>)();
}

export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly location?: unknown;
  readonly context?: string[];
  readonly stack?: string;
}

/** Calls `module[name](...args)` in a worker with a `stackMb` MiB stack. Rejects with an Error carrying the worker's error data. */
export function runWithLargeStack<T>(module: URL | string, name: string, args: readonly unknown[], stackMb = 512): Promise<T> {
  const url = typeof module === "string" ? module : module.href;
  return new Promise<T>((resolvePromise, reject) => {
    // TypeScript sources (tests, development) load through tsx's loader, as in the parent.
    const tsx = url.endsWith(".ts") ? import.meta.resolve("tsx/esm/api") : undefined;
    const w = new Worker(BOOT, { eval: true, workerData: { module: url, name, args, tsx }, resourceLimits: { stackSizeMb: stackMb } });
    w.once("message", (m: { ok: boolean; value?: T; error?: WorkerFailure }) => {
      void w.terminate();
      if (m.ok) resolvePromise(m.value as T);
      else reject(Object.assign(new Error(m.error?.message ?? "worker failed"), { worker: m.error }));
    });
    w.once("error", reject);
  });
}
