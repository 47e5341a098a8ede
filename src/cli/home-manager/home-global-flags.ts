/**
 * The flags home-manager takes before or after any command, as upstream's
 * script does: `-v`/`--verbose`. Upstream passes --verbose to nix and
 * exports VERBOSE, which the activation's helpers read (verboseEcho,
 * _iVerbose, VERBOSE_ARG) and which makes it echo each link it makes and
 * removes. Ours: the build's debug lines as `system-manager -v` shows
 * them (the evaluation cache's answer, each phase, the store paths; the
 * worker that evaluates is told by SYSTEM_MANAGER_VERBOSE=1), and
 * VERBOSE=1 for the activation. Parsing is pure; arguments after `--` are
 * the command's.
 */
import type { Io } from "../io.ts";
import { VERBOSE_ENV } from "../debug.ts";

/** The global flags (shell completion reads them too). */
export const HOME_GLOBAL_FLAGS: Readonly<Record<string, "verbose">> = { "-v": "verbose", "--verbose": "verbose" };

export interface HomeGlobalFlags {
  readonly verbose: boolean;
  /** The command and its arguments, without the global flags. */
  readonly argv: readonly string[];
}

export function parseHomeGlobalFlags(argv: readonly string[]): HomeGlobalFlags {
  const rest: string[] = [];
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (HOME_GLOBAL_FLAGS[a] === "verbose") verbose = true;
    else rest.push(a);
  }
  return { verbose, argv: rest };
}

/** The Io a verbose command runs with: a debug channel on stderr, and the environment that tells the build's worker and the activation. */
export function verboseIo(io: Io): Io {
  return {
    ...io,
    env: { ...io.env, [VERBOSE_ENV]: "1", VERBOSE: "1" },
    debug: io.debug ?? ((line: string) => io.stderr(`debug: ${line}\n`)),
  };
}
