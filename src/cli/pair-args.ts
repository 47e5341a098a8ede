/**
 * Options that take two values, as Nix's do (`--arg NAME EXPR`,
 * `--argstr NAME STRING`, `--option NAME VALUE`, `--override-input NAME
 * URL`): node:util's parseArgs takes one value an option, so these are
 * taken out of argv first, in the order given; what is left is parsed as
 * usual. Arguments after `--` are left alone.
 */
import { UserError } from "../diagnostics/user-error.ts";

export interface PairArg {
  /** The option, without its dashes ("arg", "option"). */
  readonly option: string;
  readonly name: string;
  readonly value: string;
}

/** Takes every `--OPTION A B` whose OPTION is in `options` (name → the two values' labels, for the error) out of argv. */
export function takePairs(argv: readonly string[], options: Readonly<Record<string, readonly [string, string]>>, command: string, program = "system-manager"): { argv: string[]; pairs: PairArg[] } {
  const rest: string[] = [];
  const pairs: PairArg[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const option = a.startsWith("--") ? a.slice(2) : undefined;
    const labels = option === undefined ? undefined : options[option];
    if (option === undefined || labels === undefined) {
      rest.push(a);
      continue;
    }
    const name = argv[i + 1];
    const value = argv[i + 2];
    if (name === undefined || value === undefined || name.startsWith("--")) {
      throw new UserError(`Cannot parse arguments of '${command}': option '${a}' takes two arguments, ${labels[0]} and ${labels[1]}\nRun '${program} ${command} --help' for usage.`);
    }
    pairs.push({ option, name, value });
    i += 2;
  }
  return { argv: rest, pairs };
}
