/**
 * `system-manager eval`'s arguments: its help, its options (with the
 * flake-input ones, and nix-instantiate's `-I`, `--arg`, `--argstr`, `-A`,
 * `--xml`, `--option`) and the rule that exactly one of --expr, --file
 * and --flake is given. Shared by the command (eval.ts) and its own bundle
 * (src/cli/eval-main.ts), so both parse alike.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, takeOverrides } from "../flake-input-args.ts";
import { takePairs, type PairArg } from "../pair-args.ts";
import { EVAL_SETTING_OPTIONS, EVAL_SETTINGS_HELP } from "../eval-settings.ts";

export const EVAL_HELP = `Usage: system-manager eval (--expr EXPR | --file FILE | --flake DIR#ATTR.PATH) [--json | --xml] [--strict] [--impure] [--root DIR]
         [-I [PREFIX=]PATH]... [--arg NAME EXPR]... [--argstr NAME STRING]... [-A ATTR.PATH]...
         [--option NAME VALUE]... [--abort-on-warn] [--max-call-depth N] [--lint-…-literals ignore|warn|fatal] [--show-trace]

Evaluation is pure: it reads only the flake's (or the file's directory's)
files and the store; --impure lets it read any path. A flake's fetched
inputs go into the store under --root (default /).

As nix-instantiate --eval (with --expr or --file):
  -I [PREFIX=]PATH      add to the search path <name> looks in (before
                        $NIX_PATH's entries; impure evaluation only)
  --arg NAME EXPR       call a function result with NAME = EXPR (also every
                        function on the way of -A)
  --argstr NAME STRING  the same with a string
  -A, --attr ATTR.PATH  print this attribute of the result (a number
                        indexes a list); may be given several times
  --xml                 print as builtins.toXML does (nix-instantiate's
                        --xml --no-location; --no-location is accepted)

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

export const EVAL_OPTIONS = {
  ...FLAKE_INPUT_OPTIONS,
  root: { type: "string", default: "/" },
  expr: { type: "string" },
  file: { type: "string" },
  flake: { type: "string" },
  json: { type: "boolean" },
  xml: { type: "boolean" },
  "no-location": { type: "boolean" },
  strict: { type: "boolean" },
  impure: { type: "boolean" },
  include: { type: "string", short: "I", multiple: true },
  attr: { type: "string", short: "A", multiple: true },
  ...EVAL_SETTING_OPTIONS,
  help: { type: "boolean", short: "h" },
} as const;

export const EVAL_PAIRS = { arg: ["NAME", "EXPR"], argstr: ["NAME", "STRING"], option: ["NAME", "VALUE"] } as const;

export type EvalValues = ReturnType<typeof parseCommandArgs<typeof EVAL_OPTIONS>>["values"];

export interface EvalArgs {
  readonly values: EvalValues;
  readonly overrides: [string, string][];
  /** --arg and --argstr, in order. */
  readonly autoArgs: readonly PairArg[];
  /** --option NAME VALUE. */
  readonly options: readonly PairArg[];
}

/** The parsed arguments (with the options that take two values), or "help" for --help. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs | "help" {
  const { argv: rest0, overrides } = takeOverrides(argv, "eval");
  const { argv: rest, pairs } = takePairs(rest0, EVAL_PAIRS, "eval");
  const { values } = parseCommandArgs("eval", rest, EVAL_OPTIONS);
  if (values.help) return "help";
  const given = [values.expr, values.file, values.flake].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UserError("Supply exactly one of --expr EXPR, --file FILE or --flake DIR#ATTR.PATH.");
  if (values.json === true && values.xml === true) throw new UserError("Supply at most one of --json and --xml.");
  const forExpressions = ["attr"] as const;
  const onlyExpr = forExpressions.find((k) => values[k] !== undefined);
  if (values.flake !== undefined && (onlyExpr !== undefined || pairs.some((p) => p.option !== "option"))) {
    throw new UserError(`--${onlyExpr ?? pairs.find((p) => p.option !== "option")?.option} applies to --expr and --file, not to --flake.`);
  }
  return { values, overrides, autoArgs: pairs.filter((p) => p.option !== "option"), options: pairs.filter((p) => p.option === "option") };
}
