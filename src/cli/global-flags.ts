/**
 * The flags system-manager takes before or after any command, as
 * upstream's global ones: `-v`/`--verbose` (debug lines on stderr: the
 * evaluation cache's answer, the build's phases, packages and store paths,
 * what the planner decided, the commands run), `--nix-option NAME VALUE`
 * (repeatable; given to the command as `--option NAME VALUE`, so a
 * setting we do not know is warned about as --option's are),
 * `--ask-sudo-password` (implies --sudo; the password is asked once, on
 * the terminal, and fed to sudo -S) and the deprecated, hidden
 * `--use-remote-sudo` (warns, acts as --sudo). Parsing is pure
 * (`parseGlobalFlags`); `applyGlobalFlags` warns and asks, once the
 * command that runs is known.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import { takePairs } from "./pair-args.ts";
import { isRoot } from "./privileges.ts";
import { hasTargetHost } from "./remote-args.ts";
import { VERBOSE_ENV } from "./debug.ts";

export interface GlobalFlags {
  readonly command: string | undefined;
  /** The command's own arguments, with --option and --sudo added for the global flags. */
  readonly argv: readonly string[];
  readonly verbose: boolean;
  readonly askSudoPassword: boolean;
  readonly useRemoteSudo: boolean;
  readonly nixOptions: readonly (readonly [string, string])[];
}

/** Commands that take --option (an evaluation's settings) and --sudo (an activation through sudo). */
const TAKES_OPTION = new Set(["build", "switch", "register", "pre-populate", "eval", "option", "options"]);
const TAKES_SUDO = new Set(["switch", "register", "pre-populate", "rollback", "deactivate", "activate", "deploy"]);

/** The global flags without a value, and the one taking two (shell completion reads them too; --use-remote-sudo is deprecated: HIDDEN_GLOBAL_FLAGS). */
export const BOOLEAN_FLAGS: Readonly<Record<string, "verbose" | "askSudoPassword" | "useRemoteSudo">> = {
  "-v": "verbose",
  "--verbose": "verbose",
  "--ask-sudo-password": "askSudoPassword",
  "--use-remote-sudo": "useRemoteSudo",
};

export const GLOBAL_PAIRS = { "nix-option": ["NAME", "VALUE"] } as const;
export const HIDDEN_GLOBAL_FLAGS: ReadonlySet<string> = new Set(["--use-remote-sudo"]);

export function parseGlobalFlags(argv: readonly string[]): GlobalFlags {
  const flags = { verbose: false, askSudoPassword: false, useRemoteSudo: false };
  const { argv: rest0, pairs } = takePairs(argv, GLOBAL_PAIRS, argv[0] ?? "system-manager");
  const rest: string[] = [];
  // --target-host and --ssh-option before the command (upstream's global flags) are the command's (remote-args.ts).
  const remote: string[] = [];
  for (let i = 0; i < rest0.length; i++) {
    const a = rest0[i] as string;
    if (a === "--") {
      rest.push(...rest0.slice(i));
      break;
    }
    if (rest.length === 0 && /^--(target-host|ssh-option)(=|$)/.test(a)) {
      remote.push(...rest0.slice(i, a.includes("=") ? i + 1 : i + 2));
      if (!a.includes("=")) i++;
      continue;
    }
    const flag = BOOLEAN_FLAGS[a];
    if (flag === undefined) rest.push(a);
    else flags[flag] = true;
  }
  const [command, ...args] = rest;
  args.unshift(...remote);
  const nixOptions = pairs.map((p) => [p.name, p.value] as const);
  if (command !== undefined && TAKES_OPTION.has(command)) args.push(...nixOptions.flatMap(([n, v]) => ["--option", n, v]));
  if (command !== undefined && takesSudo(command, args) && (flags.askSudoPassword || flags.useRemoteSudo) && !args.includes("--sudo")) args.push("--sudo");
  return { command, argv: args, nixOptions, ...flags };
}

/** Whether a command runs something through sudo: build does with --target-host (the copy there). */
const takesSudo = (command: string, argv: readonly string[]) => TAKES_SUDO.has(command) || (command === "build" && hasTargetHost(argv));

/** Whether a command's arguments ask for help (it then prompts for nothing). */
const asksHelp = (argv: readonly string[]) => argv.includes("--help") || argv.includes("-h");

/**
 * The Io the command runs with: warnings for the deprecated and the
 * ignored flags, a `debug` channel with --verbose, and the sudo password
 * asked now, before a long build, when the command will run sudo.
 */
export function applyGlobalFlags(g: GlobalFlags, io: Io, askPassword: (prompt: string) => string): Io {
  if (g.useRemoteSudo) {
    io.stderr("warning: --use-remote-sudo is deprecated and will be removed in a future release. Use --sudo on the subcommand instead. Example: system-manager switch --sudo --flake .\n");
  }
  if (g.nixOptions.length > 0 && (g.command === undefined || !TAKES_OPTION.has(g.command))) {
    io.stderr(`warning: --nix-option ${g.nixOptions.map(([n]) => n).join(", ")} ignored: '${g.command ?? ""}' evaluates nothing\n`);
  }
  if (g.askSudoPassword && (g.command === undefined || !takesSudo(g.command, g.argv))) {
    throw new UserError(`Cannot use --ask-sudo-password with '${g.command ?? ""}': it runs nothing through sudo (commands that do: ${[...TAKES_SUDO].filter((c) => c !== "activate").join(", ")})`);
  }
  const debug = g.verbose ? (line: string) => io.stderr(`debug: ${line}\n`) : io.debug;
  // With --target-host (and deploy), sudo runs there: asked for even as root here.
  const sudoPassword = g.askSudoPassword && (!isRoot() || hasTargetHost(g.argv) || g.command === "deploy") && !asksHelp(g.argv) ? askPassword("Enter sudo password: ") : io.sudoPassword;
  // -v also reaches the build's worker (its Io is made from this environment) as SYSTEM_MANAGER_VERBOSE=1 (debug.ts).
  const env = g.verbose ? { ...io.env, [VERBOSE_ENV]: "1" } : io.env;
  return { ...io, env, ...(debug === undefined ? {} : { debug }), ...(sudoPassword === undefined ? {} : { sudoPassword }) };
}
