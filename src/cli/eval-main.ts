/**
 * `system-manager eval --expr|--file` on its own: the launcher
 * (bin/system-manager.js) runs this first for `eval`, from dist/eval-cli.cjs,
 * one CommonJS file that holds only the evaluator and eval's arguments, so
 * a small evaluation pays little more than Node's own start (#13). It
 * answers undefined for what it does not do (--flake), and the launcher
 * runs the whole CLI (main.ts) instead. Errors are reported as main.ts
 * reports them.
 */
import { handleCliError } from "./render-error.ts";
import { processIo, type Io } from "./io.ts";
import { EVAL_HELP, parseEvalArgs } from "./commands/eval-args.ts";
import { evalExpression } from "./commands/eval-expression.ts";

/** Runs `eval …` (argv without "eval") if it needs only the evaluator: its exit code, or undefined to run the whole CLI. */
export async function evalMain(argv: readonly string[], io: Io = processIo): Promise<number | undefined> {
  try {
    const parsed = parseEvalArgs(argv);
    if (parsed === "help") {
      io.stdout(EVAL_HELP);
      return 0;
    }
    if (parsed.values.flake !== undefined) return undefined;
    return evalExpression(parsed, io);
  } catch (e) {
    return handleCliError(e, io.stderr);
  }
}
