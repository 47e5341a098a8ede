/**
 * `system-manager eval`'s arguments: its help, its options (with the
 * flake-input ones) and the rule that exactly one of --expr, --file and
 * --flake is given. Shared by the command (eval.ts) and its own bundle
 * (src/cli/eval-main.ts), so both parse alike.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, takeOverrides } from "../flake-input-args.ts";

export const EVAL_HELP = `Usage: system-manager eval (--expr EXPR | --file FILE | --flake DIR#ATTR.PATH) [--json] [--strict] [--impure] [--root DIR]

Evaluation is pure: it reads only the flake's (or the file's directory's)
files and the store; --impure lets it read any path. A flake's fetched
inputs go into the store under --root (default /).

${FLAKE_INPUT_HELP}`;

const EVAL_OPTIONS = {
  ...FLAKE_INPUT_OPTIONS,
  root: { type: "string", default: "/" },
  expr: { type: "string" },
  file: { type: "string" },
  flake: { type: "string" },
  json: { type: "boolean" },
  strict: { type: "boolean" },
  impure: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export type EvalValues = ReturnType<typeof parseCommandArgs<typeof EVAL_OPTIONS>>["values"];

/** The parsed arguments (with --override-input's pairs), or "help" for --help. */
export function parseEvalArgs(argv: readonly string[]): { values: EvalValues; overrides: [string, string][] } | "help" {
  const { argv: rest, overrides } = takeOverrides(argv, "eval");
  const { values } = parseCommandArgs("eval", rest, EVAL_OPTIONS);
  if (values.help) return "help";
  const given = [values.expr, values.file, values.flake].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UserError("Supply exactly one of --expr EXPR, --file FILE or --flake DIR#ATTR.PATH.");
  return { values, overrides };
}
