/**
 * Command-line parsing on node:util's parseArgs, turning its errors into
 * user errors that say which command they are about.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../diagnostics/user-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parseCommandArgs<O extends Options>(command: string, argv: readonly string[], options: O, positionals = 0) {
  try {
    const r = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals > 0 });
    if (r.positionals.length > positionals) throw new UserError(`Cannot parse arguments of '${command}': unexpected argument '${r.positionals[positionals]}'`);
    return r;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UserError(`Cannot parse arguments of '${command}': ${msg}\nRun 'system-manager ${command} --help' for usage.`);
  }
}
