/**
 * The flags that send a command to another host, as upstream's:
 * `--target-host [user@]host[:port]` and repeatable `--ssh-option OPT`,
 * taken out of a command's arguments before the command parses the rest.
 * A value is the next argument whatever it looks like (`--ssh-option -i`),
 * as upstream allows hyphen values; `--flag=value` works too.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";

/** The flags, as node:util parseArgs options (for completion: REMOTE_COMMANDS take them beside their own). */
export const REMOTE_FLAGS = {
  "target-host": { type: "string" },
  "ssh-option": { type: "string", multiple: true },
} as const;

/** The commands that take them. */
export const REMOTE_COMMANDS = ["switch", "build", "register", "pre-populate", "deactivate"] as const;

export interface RemoteArgs {
  /** The command's other arguments. */
  readonly argv: readonly string[];
  readonly targetHost?: string;
  readonly sshOptions: readonly string[];
}

const WHAT: Readonly<Record<keyof typeof REMOTE_FLAGS, string>> = { "target-host": "[user@]host[:port]", "ssh-option": "an ssh option" };

/** Takes the values of `flags` (of REMOTE_FLAGS) out of argv, each the next argument whatever it looks like, or `--flag=value`; the rest in order. */
export function takeFlagValues(argv: readonly string[], command: string, flags: readonly (keyof typeof REMOTE_FLAGS)[]): { rest: string[]; values: Map<string, string[]> } {
  const rest: string[] = [];
  const values = new Map<string, string[]>(flags.map((f) => [f, []]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const name = flags.find((f) => a === `--${f}` || a.startsWith(`--${f}=`));
    if (name === undefined) {
      rest.push(a);
      continue;
    }
    const flag = `--${name}`;
    if (a.length > flag.length) (values.get(name) as string[]).push(a.slice(flag.length + 1));
    else if (i + 1 < argv.length) (values.get(name) as string[]).push(argv[++i] as string);
    else throw new UserError(`Cannot parse arguments of '${command}': ${flag} needs a value (${WHAT[name]})`);
  }
  return { rest, values };
}

export function takeRemoteArgs(argv: readonly string[], command: string): RemoteArgs {
  const { rest, values } = takeFlagValues(argv, command, ["target-host", "ssh-option"]);
  const hosts = values.get("target-host") as string[];
  const sshOptions = values.get("ssh-option") as string[];
  if (hosts.length > 1) throw new UserError(`Cannot parse arguments of '${command}': --target-host is given twice ('${hosts[0]}', '${hosts[1]}')`);
  const targetHost = hosts[0];
  if (targetHost === undefined && sshOptions.length > 0) throw new UserError(`Cannot use --ssh-option without --target-host: ${command} runs here`);
  return { argv: rest, sshOptions, ...(targetHost === undefined ? {} : { targetHost }) };
}

/** Whether `argv` names a target host (global-flags.ts asks for sudo's password then, even as root here). */
export function hasTargetHost(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--target-host" || a.startsWith("--target-host="));
}

/**
 * How a command that takes them starts: with --target-host (and no
 * --help), it runs on that host (remote-command.ts) and this is its exit
 * status; else the arguments without the remote flags, to run here.
 */
export async function runRemotely(command: string, argv: readonly string[], io: Io): Promise<number | readonly string[]> {
  const remote = takeRemoteArgs(argv, command);
  if (remote.targetHost === undefined || remote.argv.includes("--help") || remote.argv.includes("-h")) return remote.argv;
  return (await import("./remote-command.ts")).remoteCommand(command, remote, io);
}
