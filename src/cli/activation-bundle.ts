/**
 * The entry of dist/activation-cli.cjs (scripts/build.mjs): what a no-op
 * switch runs without the Nix evaluator, the module system, the Nix lib and
 * the option modules — system-manager's commands (activation-main.ts) and
 * home-manager's (home-manager-commands.ts). A build whose evaluation the
 * cache does not answer evaluates in the worker, which loads the whole CLI.
 */
import type { Io } from "./io.ts";

export { activationMain } from "./activation-main.ts";

/** Runs home-manager's command `argv`; undefined when the whole CLI is to run it (a thread that evaluates builds itself, option, options). */
export async function homeManagerMain(argv: readonly string[], io?: Io): Promise<number | undefined> {
  if (process.env.SYSTEM_MANAGER_LARGE_STACK !== undefined) return undefined;
  const commands = await import("./home-manager-commands.ts");
  // What evaluates without building (option, options) only the whole CLI has; the command is the first word that is not a global flag (-v).
  const command = (await import("./home-manager/home-global-flags.ts")).parseHomeGlobalFlags(argv).argv[0];
  if (command !== undefined && commands.EVALUATING_COMMANDS.includes(command)) return undefined;
  return commands.main(argv, io);
}
