/**
 * The entry of dist/cli.cjs: both CLIs (system-manager's and standalone
 * home-manager's) and the build's evaluation job, one CommonJS file that
 * the launchers (bin/) and the evaluating worker (cli-worker.ts) load
 * through V8's code cache (bin/code-cache.js). Its modules are initialised
 * when a command first imports them, so a command runs only its own.
 */
export { main, evaluationJob } from "./main.ts";
export { main as homeManagerMain } from "./home-manager-main.ts";
