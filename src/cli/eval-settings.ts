/**
 * The Nix settings an evaluating command takes, as Nix takes them: from
 * `--option NAME VALUE`, from a flag of the setting's own name
 * (`--abort-on-warn`, `--lint-url-literals fatal`), or from the
 * environment (NIX_ABORT_ON_WARN=1, yes or true). `abort-on-warn` makes
 * the first evaluation warning an error (Nix's wording), so its stack
 * trace shows where the warning came from; the `lint-…` settings say
 * whether each literal lint (../nix/literal-lints.ts) is ignored, a
 * warning or an error.
 * A setting we do not know is a warning, as Nix's "unknown setting".
 */
import { UserError } from "../diagnostics/user-error.ts";
import { EvalError } from "../nix/errors.ts";
import type { PairArg } from "./pair-args.ts";
import { forStderr } from "./ansi-shown.ts";
import type { Diagnose, LiteralLints } from "../nix/literal-lints.ts";

export interface EvalSettings {
  readonly abortOnWarn: boolean;
  readonly lints: LiteralLints;
}

/** The lint settings' names (each also a flag of its own name) and their fields. */
const LINTS: Readonly<Record<string, keyof LiteralLints>> = {
  "lint-short-path-literals": "shortPathLiterals",
  "lint-absolute-path-literals": "absolutePathLiterals",
  "lint-url-literals": "urlLiterals",
};

function diagnose(name: string, value: string): Diagnose {
  if (value === "ignore" || value === "warn" || value === "fatal") return value;
  throw new UserError(`option '${name}' has invalid value '${value}' (expected 'ignore', 'warn', or 'fatal')`);
}

/** The settings' own flags. */
export interface EvalSettingFlags {
  readonly "abort-on-warn"?: boolean;
  readonly "lint-short-path-literals"?: string;
  readonly "lint-absolute-path-literals"?: string;
  readonly "lint-url-literals"?: string;
}

const BOOLEAN: Readonly<Record<string, boolean>> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };

/** The settings given by `--option` pairs, flags and the environment; `warn` hears of unknown settings. */
export function evalSettings(options: readonly PairArg[], flags: EvalSettingFlags, env: Readonly<Record<string, string | undefined>>, warn: (message: string) => void): EvalSettings {
  const fromEnv = env.NIX_ABORT_ON_WARN;
  let abortOnWarn = fromEnv === "1" || fromEnv === "yes" || fromEnv === "true";
  const lints: { -readonly [K in keyof LiteralLints]: Diagnose } = {};
  for (const { option, name, value } of options) {
    if (option !== "option") continue;
    const lint = LINTS[name];
    if (lint !== undefined) {
      lints[lint] = diagnose(name, value);
      continue;
    }
    if (name !== "abort-on-warn") {
      warn(`unknown setting '${name}'`);
      continue;
    }
    const b = BOOLEAN[value];
    if (b === undefined) throw new UserError(`Boolean setting '${name}' has invalid value '${value}'`);
    abortOnWarn = b;
  }
  if (flags["abort-on-warn"] === true) abortOnWarn = true;
  for (const [name, lint] of Object.entries(LINTS)) {
    const value = flags[name as keyof EvalSettingFlags];
    if (typeof value === "string") lints[lint] = diagnose(name, value);
  }
  return { abortOnWarn, lints };
}

/** How an evaluation warning (builtins.warn) is written, as Nix writes it: later lines indented under the first, unless it starts on a new line. */
export function evaluationWarning(message: string): string {
  const prefix = "evaluation warning:";
  if (message.startsWith("\n")) return `${prefix}${message}\n`;
  return `${prefix} ${message.replaceAll("\n", `\n${" ".repeat(prefix.length + 1)}`)}\n`;
}

/** The evaluator's warning channel: writes the warning (escapes removed when stderr is no terminal), then under abort-on-warn stops the evaluation with Nix's error. */
export function warningChannel(settings: EvalSettings, write: (text: string) => void): (message: string) => void {
  return (message) => {
    write(forStderr(evaluationWarning(message)));
    if (settings.abortOnWarn) throw new EvalError("aborting to reveal stack trace of warning, as abort-on-warn is set");
  };
}
