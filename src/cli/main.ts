/**
 * The system-manager command line: dispatches to a subcommand, loaded
 * lazily so `--help` stays fast, and holds the one top-level error handler.
 * The commands that only activate or find their build in the evaluation
 * cache are also the activation CLI's (activation-main.ts).
 * A user error prints its message and exits 1 (nothing was changed); any
 * other error is a bug and prints its stack (exit 70). A build's
 * evaluation runs in a worker that loads this entry too (evaluationJob).
 */
import { UserError } from "../diagnostics/user-error.ts";
import { processIo, type Io } from "./io.ts";
import { helpOrVersion } from "./cli-help.ts";
import type { EvaluationJob, EvaluationOutcome } from "./evaluation-job.ts";
import { ACTIVATION_COMMANDS } from "./activation-main.ts";
import { evaluateHereWith } from "./evaluate.ts";
import { applyGlobalFlags, parseGlobalFlags } from "./global-flags.ts";
import { askPassword } from "./ask-password.ts";

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const A = ACTIVATION_COMMANDS;
/** The commands, each loaded when run; shell completion offers them (../completion/). */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  build: A.build,
  eval: async () => (await import("./commands/eval.ts")).evalCommand,
  option: async () => (await import("./commands/option.ts")).systemOptionCommand("option"),
  options: async () => (await import("./commands/option.ts")).systemOptionCommand("options"),
  docs: async () => (await import("./commands/docs.ts")).docs,
  update: async () => (await import("./commands/update.ts")).update,
  gc: async () => (await import("./commands/gc.ts")).gc,
  deploy: async () => (await import("./commands/deploy.ts")).deploy,
  flake: async () => (await import("./commands/flake.ts")).flakeCommand,
  switch: A.switch,
  register: A.register,
  "pre-populate": A["pre-populate"],
  init: async () => (await import("./commands/init.ts")).init,
  completion: async () => (await import("./commands/completion.ts")).completionCommand("system-manager"),
  generations: A.generations,
  rollback: A.rollback,
  deactivate: A.deactivate,
  activate: A.activate,
  "home-activate": A["home-activate"],
  "install-secrets": async () => (await import("../secrets/install-command.ts")).installSecretsCommand,
};

/** Commands for the CLI's own use, not offered (the error for an unknown command, completion). */
export const HIDDEN_COMMANDS: ReadonlySet<string> = new Set(["activate", "home-activate", "install-secrets"]);

// This CLI's builds evaluate in this thread when it has a large stack of its own (evaluate.ts).
evaluateHereWith(() => import("./evaluate-here.ts"));

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const g = parseGlobalFlags(argv);
    const command = g.command;
    const answered = helpOrVersion(command, io);
    if (answered !== undefined) return answered;
    const load = Object.hasOwn(COMMANDS, command as string) ? COMMANDS[command as string] : undefined;
    if (load === undefined) throw new UserError(`Cannot run '${command}': there is no such command. Commands: ${Object.keys(COMMANDS).filter((c) => !HIDDEN_COMMANDS.has(c)).join(", ")}`);
    return await (await load())(g.argv, applyGlobalFlags(g, io, askPassword));
  } catch (e) {
    const { handleCliError } = await import("./render-error.ts");
    return handleCliError(e, io.stderr);
  }
}

/** What the worker evaluating a build calls (evaluate-in-worker.ts), loaded only there. */
export async function evaluationJob(job: EvaluationJob): Promise<EvaluationOutcome> {
  return (await import("./evaluation-job.ts")).evaluationJob(job);
}
