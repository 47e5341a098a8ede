/**
 * The entry of dist/activation-cli.cjs: the commands a no-op switch runs,
 * without the Nix evaluator, the module system, the Nix lib and the option
 * modules that the whole CLI (main.ts, dist/cli.cjs) holds. build and
 * switch consult the evaluation cache here and, when it does not answer,
 * evaluate in the worker (evaluate.ts), which loads the whole CLI; the
 * generations' commands only activate; it answers help and --version too.
 * Anything else (another command, a thread that evaluates itself:
 * SYSTEM_MANAGER_LARGE_STACK) it leaves to the whole CLI: its answer is
 * then undefined.
 */
import { processIo, type Io } from "./io.ts";
import { helpOrVersion } from "./cli-help.ts";
import { applyGlobalFlags, parseGlobalFlags } from "./global-flags.ts";

type Command = (argv: readonly string[], io: Io) => Promise<number>;

export const ACTIVATION_COMMANDS = {
  build: async () => (await import("./commands/build.ts")).build,
  switch: async () => (await import("./commands/switch.ts")).switchCommand,
  register: async () => (await import("./commands/register.ts")).register,
  "pre-populate": async () => (await import("./commands/pre-populate.ts")).prePopulate,
  generations: async () => (await import("./commands/generations.ts")).generations,
  rollback: async () => (await import("./commands/generations.ts")).rollback,
  deactivate: async () => (await import("./commands/generations.ts")).deactivate,
  activate: async () => (await import("./commands/generations.ts")).activateCommand,
  "home-activate": async () => (await import("./commands/home-activate.ts")).homeActivate,
} as const satisfies Readonly<Record<string, () => Promise<Command>>>;

/** Runs the command `argv` names, with main.ts's error handling; undefined when the whole CLI is to run it. */
export async function activationMain(argv: readonly string[], io: Io = processIo): Promise<number | undefined> {
  let g;
  try {
    g = parseGlobalFlags(argv);
  } catch {
    // The whole CLI reports it.
    return undefined;
  }
  const command = g.command;
  const answered = helpOrVersion(command, io);
  if (answered !== undefined) return answered;
  const load = command !== undefined && Object.hasOwn(ACTIVATION_COMMANDS, command) ? ACTIVATION_COMMANDS[command as keyof typeof ACTIVATION_COMMANDS] : undefined;
  if (load === undefined || process.env.SYSTEM_MANAGER_LARGE_STACK !== undefined) return undefined;
  try {
    const { askPassword } = await import("./ask-password.ts");
    return await (await load())(g.argv, applyGlobalFlags(g, io, askPassword));
  } catch (e) {
    const { handleCliError } = await import("./render-error.ts");
    return handleCliError(e, io.stderr);
  }
}
