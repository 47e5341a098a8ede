/**
 * Nix's "cursed or": `f or` outside an attribute selection is a call of
 * `f` with the variable `or` (nixpkgs once had a function named `or`).
 * Nix accepts it and warns where a future release will read it another
 * way: when such a call is itself an argument of a call, an item of a
 * list, or the fallback of `a.b or …`. As the first part of an
 * application (`map or [ ]`, `(f or)`) it means the same either way and
 * stays silent. The parser marks each such call here and settles it
 * where it lands, as Nix's warnIfCursedOr and resetCursedOr.
 */
import type { Expr } from "../ast.ts";
import type { ParseProblem } from "./parser.ts";

interface Marked {
  readonly start: number;
  readonly end: number;
}

export class CursedOr {
  readonly warnings: ParseProblem[] = [];
  readonly #src: string;
  readonly #marked = new Map<Expr, Marked>();

  constructor(src: string) {
    this.#src = src;
  }

  /** `call` is `f or`, written from offset `start` up to `end`. */
  mark(call: Expr, start: number, end: number): void {
    this.#marked.set(call, { start, end });
  }

  /** `e` begins an application: no longer cursed. */
  reset(e: Expr): void {
    this.#marked.delete(e);
  }

  /** `e` is an argument, a list item or a selection's fallback: warns when it is a marked call; returns `e`. */
  warnIf(e: Expr): Expr {
    const m = this.#marked.get(e);
    if (m === undefined) return e;
    this.#marked.delete(e);
    const at = e.span;
    this.warnings.push({
      message:
        `at ${at.file}:${at.line}:${at.column}: This expression uses \`or\` as an identifier in a way that will change in a future Nix release.\n` +
        "Wrap this entire expression in parentheses to preserve its current meaning:\n" +
        `    (${this.#src.slice(m.start, m.end)})\n` +
        "Give feedback at https://github.com/NixOS/nix/pull/11121",
      span: at,
    });
    return e;
  }
}
