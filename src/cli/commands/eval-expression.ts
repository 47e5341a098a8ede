/**
 * What `system-manager eval` does with an expression (--expr) or a file
 * (--file), and how it prints any result: as `nix eval` does, or as JSON
 * (--json); --strict forces it deeply first. An expression or a file needs
 * only the evaluator (nix-evaluation.ts), not the Nix lib, the module
 * system or the flake machinery, so this loads quickly (dist/eval-cli.cjs).
 */
import { dirname, join, resolve } from "node:path";
import { diskParseCache, evalExpr, evalFile, forceDeep, printJSON, printValue, toJSONValue, type ParseCache } from "../../nix/evaluate.ts";
import type { Value } from "../../nix/value.ts";
import { nixEvaluation } from "../../flake/nix-evaluation.ts";
import { cacheDir } from "../cache-dir.ts";
import type { Io } from "../io.ts";
import type { EvalValues } from "./eval-args.ts";

/** The evaluation options of either kind of eval: warnings to stderr, purity, the parse cache in the user's cache directory. */
export function evalOptions(values: EvalValues, io: Io): { warn: (w: string) => void; impure: boolean; parseCache: ParseCache } {
  return { warn: (w) => io.stderr(`warning: ${w}\n`), impure: values.impure === true, parseCache: diskParseCache(join(cacheDir(io), "nix-parse")) };
}

/** Prints `v` as --json and --strict ask. */
export function printEvalResult(v: Value, values: EvalValues, copyToStore: (path: string) => string, io: Io): void {
  if (values.strict === true || values.json === true) v = forceDeep(v);
  io.stdout((values.json === true ? printJSON(toJSONValue(v, copyToStore)) : printValue(v, { strict: values.strict === true })) + "\n");
}

/** Evaluates --expr or --file and prints it; its exit code. */
export function evalExpression(values: EvalValues, io: Io): number {
  const { evaluator, access } = nixEvaluation(evalOptions(values, io));
  let v: Value;
  if (values.expr !== undefined) v = evalExpr(values.expr, { evaluator, baseDir: io.cwd, file: "«string»" });
  else {
    const file = resolve(io.cwd, values.file as string);
    access.allow(dirname(file));
    v = evalFile(file, { evaluator });
  }
  printEvalResult(v, values, evaluator.state.copyToStore, io);
  return 0;
}
