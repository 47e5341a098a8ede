/**
 * Runs the language corpus cases (called inside a large-stack worker by
 * corpus.test.ts): each `.nix` file is evaluated and rendered as its
 * `.exp` file is written — the strictly printed value for eval-okay
 * cases, `error: …` plus `at file:line:column` for failures (every error
 * of a parse-fail case).
 */
import { dirname } from "node:path";
import { createBuiltins } from "../../src/nix/builtins/index.ts";
import { decodeBytes } from "../../src/nix/byte-string.ts";
import { UserError, UserErrors } from "../../src/diagnostics/user-error.ts";
import { Evaluator } from "../../src/nix/eval/evaluator.ts";
import { nodeIO } from "../../src/nix/io.ts";
import { printValue } from "../../src/nix/print-value.ts";

export interface CaseResult {
  readonly file: string;
  readonly actual: string;
}

/** The error as `.exp` files hold it; paths are relative to the case's directory, so goldens do not depend on the checkout. */
function renderError(e: unknown, file: string): string {
  if (e instanceof UserErrors) return e.errors.map((x) => renderError(x, file)).join("\n");
  if (!(e instanceof UserError)) return `internal error: ${(e as Error)?.stack ?? String(e)}`;
  const loc = e.location;
  const where = loc === undefined ? "" : `\nat ${loc.file}:${loc.line}:${loc.column}`;
  return `error: ${e.message}${where}`.replaceAll(`${dirname(file)}/`, "");
}

/** Evaluates each file strictly; returns what its .exp should contain. */
export async function runCases(files: readonly string[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const file of files) {
    const ev = new Evaluator({ io: nodeIO, pure: true, currentSystem: undefined, createBuiltins, trace: () => {}, warn: () => {} });
    let actual: string;
    try {
      const src = decodeBytes(nodeIO.readFile(file));
      actual = printValue(ev.evalSource(src, file, dirname(file)), { strict: true });
    } catch (e) {
      actual = renderError(e, file);
    }
    out.push({ file, actual });
  }
  return out;
}
