/**
 * The entry of dist/cli.cjs: both CLIs (system-manager's and standalone
 * home-manager's) and the build's evaluation job, one CommonJS file that
 * the launchers (bin/) and the evaluating worker (cli-worker.ts) load
 * through V8's code cache (bin/code-cache.js). Its modules are initialised
 * when a command first imports them, so a command runs only its own: the
 * home-manager CLI's modules only when it runs.
 */
import type { Io } from "./io.ts";

export { main, evaluationJob } from "./main.ts";
/** What the worker of an evaluating completion calls (completion/completion-sources.ts). */
export { completionJob } from "./completion/completion-job.ts";

export async function homeManagerMain(argv: readonly string[], io?: Io): Promise<number> {
  return (await import("./home-manager-main.ts")).main(argv, io);
}
