/**
 * The home-manager command line as the whole CLI (dist/cli.cjs) runs it:
 * its commands (home-manager-commands.ts), with builds evaluated in this
 * thread when it has a large stack of its own (evaluate.ts). A no-op
 * switch runs the same commands from dist/activation-cli.cjs
 * (activation-bundle.ts), which evaluates only in the worker.
 */
import { evaluateHereWith } from "./evaluate.ts";

evaluateHereWith(() => import("./evaluate-here.ts"));

export { HOME_MANAGER_HELP, main } from "./home-manager-commands.ts";
