/**
 * The system-manager command line: dispatches to a subcommand, loaded
 * lazily so `--help` stays fast, and holds the one top-level error handler.
 * A user error prints its message and exits 1 (nothing was changed); any
 * other error is a bug and prints its stack (exit 70). A build's
 * evaluation runs in a worker that loads this entry too (evaluationJob).
 */
import { UserError } from "../diagnostics/user-error.ts";
import { processIo, type Io } from "./io.ts";
import { VERSION } from "./version.ts";
import type { EvaluationJob, EvaluationOutcome } from "./evaluation-job.ts";

export const HELP = `Usage: system-manager <command> [options]

Declarative configuration of a Linux host and its users' homes.

Commands:
  build         Evaluate the configuration and write a generation into the store;
                prints its path as the last line
  switch        Build and activate (users, homes, /etc, a new generation)
  generations   List the generations
  rollback      Activate the previous generation
  deactivate    Remove everything system-manager manages (users it created are locked)
  eval          Evaluate a Nix expression, file or flake attribute and print it
  update        Re-resolve the packages pinned in system-manager.lock
  flake         lock | update [INPUT…] | metadata: the flake's inputs and flake.lock
  gc            Remove store paths no generation refers to (--dry-run to list them)
  help          Show this help

Common options:
  --config FILE         a TypeScript configuration (default export: defineConfig(…))
  --flake DIR[#NAME]    a flake's systemConfigs.<NAME> (default: the hostname, then "default")
  --root DIR            the target root; the store is under it (default: /)
  --dry-run             print the plan and change nothing (switch, rollback, deactivate)
  --sudo                activate through sudo; build as yourself
  --option NAME VALUE   a Nix setting (eval, build, switch): abort-on-warn,
                        max-call-depth, show-trace, lint-…-literals; each
                        also as --NAME VALUE (--abort-on-warn, --max-call-depth N)

Run 'system-manager <command> --help' for a command's options.
`;

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  build: async () => (await import("./commands/build.ts")).build,
  eval: async () => (await import("./commands/eval.ts")).evalCommand,
  update: async () => (await import("./commands/update.ts")).update,
  gc: async () => (await import("./commands/gc.ts")).gc,
  flake: async () => (await import("./commands/flake.ts")).flakeCommand,
  switch: async () => (await import("./commands/switch.ts")).switchCommand,
  generations: async () => (await import("./commands/generations.ts")).generations,
  rollback: async () => (await import("./commands/generations.ts")).rollback,
  deactivate: async () => (await import("./commands/generations.ts")).deactivate,
  activate: async () => (await import("./commands/generations.ts")).activateCommand,
  "home-activate": async () => (await import("./commands/home-activate.ts")).homeActivate,
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === "--version") {
    io.stdout(`system-manager ${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  try {
    if (load === undefined) throw new UserError(`Cannot run '${command}': there is no such command. Commands: ${Object.keys(COMMANDS).join(", ")}`);
    return await (await load())(rest, io);
  } catch (e) {
    const { handleCliError } = await import("./render-error.ts");
    return handleCliError(e, io.stderr);
  }
}

/** What the worker evaluating a build calls (evaluate-in-worker.ts), loaded only there. */
export async function evaluationJob(job: EvaluationJob): Promise<EvaluationOutcome> {
  return (await import("./evaluation-job.ts")).evaluationJob(job);
}
