/**
 * The Nix settings every evaluating command (eval, build, switch,
 * home-manager build and switch) takes, as Nix takes them: from
 * `--option NAME VALUE`, from a flag of the setting's own name
 * (`--abort-on-warn`, `--max-call-depth 100`, `--lint-url-literals
 * fatal`), or from the environment (NIX_ABORT_ON_WARN=1, yes or true).
 * `abort-on-warn` makes the first evaluation warning an error (Nix's
 * wording), so its stack trace shows where the warning came from;
 * `max-call-depth` is how many calls may be running (../nix/max-call-depth.ts);
 * the `lint-…` settings say whether each literal lint
 * (../nix/literal-lints.ts) is ignored, a warning or an error;
 * `show-trace` is taken and changes nothing (every frame is always shown);
 * `experimental-features` (replacing) and `extra-experimental-features`
 * (adding) name the language features the evaluator turns on
 * (parse-toml-timestamps: fromTOML reads dates and times); the others
 * Nix has (flakes, nix-command, …) are always on here.
 * A setting we do not know is a warning, as Nix's "unknown setting".
 */
import { UserError } from "../diagnostics/user-error.ts";
import { EvalError } from "../nix/errors.ts";
import { takePairs, type PairArg } from "./pair-args.ts";
import { forStderr } from "./ansi-shown.ts";
import type { Diagnose, LiteralLints } from "../nix/literal-lints.ts";
import { MAX_CALL_DEPTH } from "../nix/max-call-depth.ts";

/** The settings (plain data: a build passes them to its worker). */
export interface EvalSettings {
  readonly abortOnWarn: boolean;
  readonly lints: LiteralLints;
  readonly maxCallDepth: number;
  /** The experimental features named (`experimental-features` then `extra-experimental-features`). */
  readonly experimentalFeatures: readonly string[];
}

/** The settings when none is given. */
export const DEFAULT_EVAL_SETTINGS: EvalSettings = { abortOnWarn: false, lints: {}, maxCallDepth: MAX_CALL_DEPTH, experimentalFeatures: [] };

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

/** The settings' own flags (for parseArgs). */
export const EVAL_SETTING_OPTIONS = {
  "abort-on-warn": { type: "boolean" },
  "max-call-depth": { type: "string" },
  "show-trace": { type: "boolean" },
  "experimental-features": { type: "string" },
  "extra-experimental-features": { type: "string", multiple: true },
  "lint-short-path-literals": { type: "string" },
  "lint-absolute-path-literals": { type: "string" },
  "lint-url-literals": { type: "string" },
} as const;

/** The settings' own flags, parsed. */
export interface EvalSettingFlags {
  readonly "abort-on-warn"?: boolean;
  readonly "max-call-depth"?: string;
  readonly "show-trace"?: boolean;
  readonly "experimental-features"?: string;
  readonly "extra-experimental-features"?: readonly string[];
  readonly "lint-short-path-literals"?: string;
  readonly "lint-absolute-path-literals"?: string;
  readonly "lint-url-literals"?: string;
}

/** The help text's paragraph on the settings, for every evaluating command. */
export const EVAL_SETTINGS_HELP = `Nix settings (--option NAME VALUE, or --NAME VALUE):
  --abort-on-warn       (or --option abort-on-warn true, or NIX_ABORT_ON_WARN=1)
                        make the first evaluation warning an error
  --max-call-depth N    how many function calls may be nested (default ${MAX_CALL_DEPTH})
  --lint-short-path-literals, --lint-absolute-path-literals, --lint-url-literals
                        ignore, warn or fatal: report path literals without a
                        leading '.', absolute and home path literals, and
                        unquoted URLs in every file evaluated
  --show-trace          accepted; every frame of an error is always shown
  --extra-experimental-features FEATURES
                        (or --experimental-features, or --option …) turn on
                        language features: parse-toml-timestamps
`;

const BOOLEAN: Readonly<Record<string, boolean>> = { true: true, yes: true, "1": true, false: false, no: false, "0": false };

function booleanSetting(name: string, value: string): boolean {
  const b = BOOLEAN[value];
  if (b === undefined) throw new UserError(`Boolean setting '${name}' has invalid value '${value}'`);
  return b;
}

/** An unsigned integer setting, refused in Nix's words. */
function countSetting(name: string, value: string): number {
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UserError(`setting '${name}' has invalid value '${value}'`);
  return Number(value);
}

/** The settings given by `--option` pairs, flags and the environment; `warn` hears of unknown settings. */
export function evalSettings(options: readonly PairArg[], flags: EvalSettingFlags, env: Readonly<Record<string, string | undefined>>, warn: (message: string) => void): EvalSettings {
  const fromEnv = env.NIX_ABORT_ON_WARN;
  let abortOnWarn = fromEnv === "1" || fromEnv === "yes" || fromEnv === "true";
  let maxCallDepth = MAX_CALL_DEPTH;
  let features: string[] = [];
  const extra: string[] = [];
  const words = (value: string) => value.split(/\s+/).filter((w) => w !== "");
  const lints: { -readonly [K in keyof LiteralLints]: Diagnose } = {};
  for (const { option, name, value } of options) {
    if (option !== "option") continue;
    const lint = LINTS[name];
    if (lint !== undefined) lints[lint] = diagnose(name, value);
    else if (name === "abort-on-warn") abortOnWarn = booleanSetting(name, value);
    else if (name === "max-call-depth") maxCallDepth = countSetting(name, value);
    else if (name === "show-trace") booleanSetting(name, value);
    else if (name === "experimental-features") features = words(value);
    else if (name === "extra-experimental-features") extra.push(...words(value));
    else warn(`unknown setting '${name}'`);
  }
  if (flags["abort-on-warn"] === true) abortOnWarn = true;
  if (flags["max-call-depth"] !== undefined) maxCallDepth = countSetting("max-call-depth", flags["max-call-depth"]);
  if (flags["experimental-features"] !== undefined) features = words(flags["experimental-features"]);
  for (const value of flags["extra-experimental-features"] ?? []) extra.push(...words(value));
  for (const [name, lint] of Object.entries(LINTS)) {
    const value = flags[name as keyof EvalSettingFlags];
    if (typeof value === "string") lints[lint] = diagnose(name, value);
  }
  return { abortOnWarn, lints, maxCallDepth, experimentalFeatures: [...new Set([...features, ...extra])] };
}

/** `--option NAME VALUE`, the setting option that takes two values (pair-args.ts). */
export const SETTING_PAIRS = { option: ["NAME", "VALUE"] } as const;

/** Takes the `--option NAME VALUE` pairs out of argv (parseArgs takes one value an option). */
export function takeSettingPairs(argv: readonly string[], command: string, program = "system-manager"): { argv: string[]; options: PairArg[] } {
  const { argv: rest, pairs } = takePairs(argv, SETTING_PAIRS, command, program);
  return { argv: rest, options: pairs };
}

/** How an evaluation warning (builtins.warn) is written, as Nix writes it: later lines indented under the first, unless it starts on a new line. */
export function evaluationWarning(message: string): string {
  const prefix = "evaluation warning:";
  if (message.startsWith("\n")) return `${prefix}${message}\n`;
  return `${prefix} ${message.replaceAll("\n", `\n${" ".repeat(prefix.length + 1)}`)}\n`;
}

/** Nix's error when abort-on-warn stops at a warning. */
export function abortOnWarning(): EvalError {
  return new EvalError("aborting to reveal stack trace of warning, as abort-on-warn is set");
}

/**
 * What a build does after printing a warning an evaluation cache hit
 * replays: under abort-on-warn an evaluation warning stops it, as the
 * warning would have stopped the evaluation that gave it.
 */
export function replayedWarning(settings: EvalSettings): (text: string) => void {
  return (text) => {
    if (settings.abortOnWarn && text.startsWith("evaluation warning:")) throw abortOnWarning();
  };
}

/** The evaluator's warning channel: writes the warning (escapes removed when stderr is no terminal), then under abort-on-warn stops the evaluation with Nix's error. */
export function warningChannel(settings: EvalSettings, write: (text: string) => void): (message: string) => void {
  return (message) => {
    write(forStderr(evaluationWarning(message)));
    if (settings.abortOnWarn) throw abortOnWarning();
  };
}
