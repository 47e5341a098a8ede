/**
 * The Nix settings an evaluating command takes, as Nix takes them: from
 * `--option NAME VALUE`, from a flag of the setting's own name
 * (`--abort-on-warn`), or from the environment (NIX_ABORT_ON_WARN=1, yes
 * or true). `abort-on-warn` makes the first evaluation warning an error
 * (Nix's wording), so its stack trace shows where the warning came from.
 * A setting we do not know is a warning, as Nix's "unknown setting".
 */
import { UserError } from "../diagnostics/user-error.ts";
import { EvalError } from "../nix/errors.ts";
import type { PairArg } from "./pair-args.ts";

export interface EvalSettings {
  readonly abortOnWarn: boolean;
}

const BOOLEAN: Readonly<Record<string, boolean>> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };

/** The settings given by `--option` pairs, flags and the environment; `warn` hears of unknown settings. */
export function evalSettings(options: readonly PairArg[], flags: { readonly "abort-on-warn"?: boolean }, env: Readonly<Record<string, string | undefined>>, warn: (message: string) => void): EvalSettings {
  const fromEnv = env.NIX_ABORT_ON_WARN;
  let abortOnWarn = fromEnv === "1" || fromEnv === "yes" || fromEnv === "true";
  for (const { option, name, value } of options) {
    if (option !== "option") continue;
    if (name !== "abort-on-warn") {
      warn(`unknown setting '${name}'`);
      continue;
    }
    const b = BOOLEAN[value];
    if (b === undefined) throw new UserError(`Boolean setting '${name}' has invalid value '${value}'`);
    abortOnWarn = b;
  }
  if (flags["abort-on-warn"] === true) abortOnWarn = true;
  return { abortOnWarn };
}

/** How an evaluation warning (builtins.warn) is written, as Nix writes it: later lines indented under the first, unless it starts on a new line. */
export function evaluationWarning(message: string): string {
  const prefix = "evaluation warning:";
  if (message.startsWith("\n")) return `${prefix}${message}\n`;
  return `${prefix} ${message.replaceAll("\n", `\n${" ".repeat(prefix.length + 1)}`)}\n`;
}

/** The evaluator's warning channel: writes the warning, then under abort-on-warn stops the evaluation with Nix's error. */
export function warningChannel(settings: EvalSettings, write: (text: string) => void): (message: string) => void {
  return (message) => {
    write(evaluationWarning(message));
    if (settings.abortOnWarn) throw new EvalError("aborting to reveal stack trace of warning, as abort-on-warn is set");
  };
}
