/**
 * Running work with a large JavaScript stack. The evaluator recurses on
 * the JavaScript stack (a Nix call is a few JavaScript frames), and Node's
 * main thread has under 1 MiB of it: about 1,500 nested Nix calls. Nix
 * allows 10,000 (max-call-depth). A worker thread can be given a larger
 * stack, so work that evaluates Nix runs there: `runWithLargeStack` loads
 * a module in a worker with `stackMb` of stack, calls one of its exports
 * with structured-clonable arguments and returns its (awaited, clonable)
 * result. Values cannot cross threads, so the export should do the whole
 * job (evaluate, then render or serialise). What it posts itself
 * (parentPort.postMessage) before its result reaches `onMessage`, in order.
 *
 *     const text = await runWithLargeStack(new URL("./my-job.ts", import.meta.url), "run", [flakeDir]);
 *
 * A worker that ends runs its exit handlers, which undo what it set up for
 * the whole process: its temporary GC roots are one file named after the
 * pid the threads share (src/store/temp-roots.ts). So a caller that keeps
 * using what the worker made registers it again in `adopt`, while the
 * worker still runs; the worker is then stopped without running its exit
 * handlers, and the result returned as soon as it is told to stop: a
 * stopped worker never runs them, and freeing its heap (some 100 ms after
 * a large evaluation) overlaps the caller's own work. Otherwise (no
 * `adopt`, `adopt` returned false, or the export threw) the worker ends as
 * a finished thread does.
 *
 * A CommonJS module (a file: URL ending in .cjs, the CLI's bundled worker
 * entry) is loaded with require(), which spares the worker Node's ES module
 * loader (some 15 ms of its start); any other module with import().
 *
 * The worker itself (how it loads the module and answers) is
 * bin/large-stack-worker.js, which a launcher can start before any bundle
 * loads: with `prestarted`, a worker started ahead for the same module and
 * stack runs the call (the build's evaluation: src/cli/evaluate-in-worker.ts).
 */
import type { Worker } from "node:worker_threads";
import { dropPrestarted, RESULT, startWorker, takePrestarted } from "../../bin/large-stack-worker.js";

/** Stops the worker a launcher started ahead when the build did not take it (the evaluation cache answered): it takes no more processor time. */
export const dropUnusedWorker: () => void = dropPrestarted;

export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly location?: unknown;
  readonly context?: string[];
  readonly stack?: string;
}

export interface LargeStackOptions<T> {
  /** The worker's stack in MiB (default 512). */
  readonly stackMb?: number;
  /** Receives, in order, what the export posts before its result. */
  readonly onMessage?: (message: unknown) => void;
  /** Called with the result while the worker still runs; true: the caller took over what the worker set up for the process, and the worker is stopped without its exit handlers. */
  readonly adopt?: (value: T) => boolean;
  /** When the export has not returned within this many milliseconds, the worker is stopped and the call rejects. */
  readonly timeoutMs?: number;
  /** Whether the worker a launcher started ahead for the same module and stack (bin/large-stack-worker.js) may run the call; told through `took`. */
  readonly prestarted?: boolean;
  readonly took?: (prestarted: boolean) => void;
}

/** Calls `module[name](...args)` in a worker with a large stack. Rejects with an Error carrying the worker's error data. */
export function runWithLargeStack<T>(module: URL | string, name: string, args: readonly unknown[], opts: LargeStackOptions<T> = {}): Promise<T> {
  const url = typeof module === "string" ? module : module.href;
  return new Promise<T>((resolvePromise, reject) => {
    // TypeScript sources (tests, development) load through tsx's loader, as in the parent.
    const tsx = url.endsWith(".ts") ? import.meta.resolve("tsx/esm/api") : undefined;
    const stackMb = opts.stackMb ?? 512;
    const ahead = opts.prestarted === true ? takePrestarted(url, stackMb) : undefined;
    const w: Worker = ahead ?? startWorker(url, stackMb, { name, args }, tsx);
    if (ahead !== undefined) ahead.postMessage({ name, args });
    opts.took?.(ahead !== undefined);
    let settled = false;
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => {
      if (settled) return;
      settled = true;
      void w.terminate();
      reject(new Error(`${name} did not return within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    w.on("message", (m: Record<string, unknown>) => {
      const result = m !== null && typeof m === "object" ? (m[RESULT] as { ok: boolean; value?: T; error?: WorkerFailure } | undefined) : undefined;
      if (result === undefined) return opts.onMessage?.(m);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      let adopted = false;
      try {
        adopted = result.ok && opts.adopt?.(result.value as T) === true;
      } catch (e) {
        w.postMessage("end");
        return reject(e);
      }
      // An adopted result: the worker is told to stop (it runs no more JavaScript, so no exit handler); otherwise it finishes by itself.
      if (adopted) void w.terminate();
      else w.postMessage("end");
      if (result.ok) resolvePromise(result.value as T);
      else reject(Object.assign(new Error(result.error?.message ?? "worker failed"), { worker: result.error }));
    });
    w.once("error", (e) => {
      settled = true;
      clearTimeout(timer);
      reject(e);
    });
    w.once("exit", (code) => {
      clearTimeout(timer);
      if (!settled) reject(new Error(`the worker running ${name} ended (exit code ${code}) before it returned`));
    });
  });
}
