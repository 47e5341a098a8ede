/**
 * For max-call-depth.test.ts, run in a worker: `n` + 1 nested calls of a
 * plain or a formals lambda evaluated with `maxCallDepth`, printed, or the
 * error's message (a JavaScript stack overflow would be a RangeError).
 */
import { evalExpr, printValue } from "./evaluate.ts";
import { StackOverflowError } from "./value.ts";

const NESTED = {
  plain: (n: number) => `let f = n: if n == 0 then 0 else 1 + f (n - 1); in f ${n}`,
  formals: (n: number) => `let f = { n, step ? 1 }: if n == 0 then 0 else step + f { n = n - 1; }; in f { n = ${n}; }`,
} as const;

export function nested(kind: keyof typeof NESTED, n: number, maxCallDepth: number): string {
  try {
    return printValue(evalExpr(NESTED[kind](n), { file: "/t.nix", maxCallDepth }));
  } catch (e) {
    if (e instanceof StackOverflowError) return e.message;
    throw e;
  }
}
