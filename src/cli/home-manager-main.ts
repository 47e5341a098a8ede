/**
 * The home-manager command line as the whole CLI (dist/cli.cjs) runs it:
 * its commands (home-manager-commands.ts), with builds evaluated in this
 * thread when it has a large stack of its own (evaluate.ts). A no-op
 * switch runs the same commands from dist/activation-cli.cjs
 * (activation-bundle.ts), which evaluates only in the worker; `option`
 * and `options`, which evaluate, only this CLI has.
 */
import { evaluateHereWith } from "./evaluate.ts";
import { addEvaluatingCommand } from "./home-manager-commands.ts";

evaluateHereWith(() => import("./evaluate-here.ts"));
for (const verb of ["option", "options"] as const) addEvaluatingCommand(verb, async (ctx, argv) => (await import("./commands/option.ts")).homeOptionCommand(verb, ctx, argv));
addEvaluatingCommand("docs", async (ctx, argv) => (await import("./commands/docs.ts")).homeDocs(ctx, argv));
addEvaluatingCommand("completion", async (ctx, argv) => (await import("./commands/completion.ts")).completionCommand("home-manager")(argv, ctx.io));

export { HOME_MANAGER_HELP, main } from "./home-manager-commands.ts";
