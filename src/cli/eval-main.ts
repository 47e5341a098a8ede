/**
 * `system-manager eval --expr|--file` on its own: the launcher
 * (bin/system-manager.js) runs this first for `eval`, from dist/eval-cli.cjs,
 * one CommonJS file that holds only the evaluator and eval's arguments, so
 * a small evaluation pays little more than Node's own start (#13). It
 * answers undefined for what it does not do (--flake), and the launcher
 * runs the whole CLI (main.ts) instead. Errors are reported as main.ts
 * reports them; the global flags (-v, --nix-option …) are taken as there.
 */
import { handleCliError } from "./render-error.ts";
import { processIo, type Io } from "./io.ts";
import { EVAL_HELP, parseEvalArgs } from "./commands/eval-args.ts";
import { evalExpression } from "./commands/eval-expression.ts";
import { applyGlobalFlags, parseGlobalFlags } from "./global-flags.ts";

/** Runs `eval …` (argv without "eval") if it needs only the evaluator: its exit code, or undefined to run the whole CLI. */
export async function evalMain(argv: readonly string[], io: Io = processIo): Promise<number | undefined> {
  try {
    const g = parseGlobalFlags(["eval", ...argv]);
    const parsed = parseEvalArgs(g.argv);
    if (parsed === "help") {
      io.stdout(EVAL_HELP);
      return 0;
    }
    if (parsed.values.flake !== undefined) return undefined;
    // eval runs nothing through sudo: --ask-sudo-password is refused before anything is asked.
    return evalExpression(parsed, applyGlobalFlags(g, io, () => ""));
  } catch (e) {
    return handleCliError(e, io.stderr);
  }
}
