/**
 * Command-line parsing on node:util's parseArgs, turning its errors into
 * user errors that say which command they are about, and where to read its
 * usage: `<program> <command> --help` when the command takes --help, else
 * the program's own --help.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../diagnostics/user-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCommandArgs<O extends Options>(command: string, argv: readonly string[], options: O, positionals = 0, program = "system-manager") {
  try {
    const r = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals > 0 });
    if (r.positionals.length > positionals) throw new UserError(`Cannot parse arguments of '${command}': unexpected argument '${r.positionals[positionals]}'`);
    return r;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const help = "help" in options ? `${program} ${command} --help` : `${program} --help`;
    throw new UserError(`Cannot parse arguments of '${command}': ${msg}\nRun '${help}' for usage.`);
  }
}
