/**
 * The parser's entry point: source text → a scope-resolved AST, or every
 * problem of the file at once (syntax, duplicate attributes and formals,
 * undefined variables) as UserErrors with their locations. Warnings (Nix's
 * "cursed or") go to `warn`, by default to stderr as Nix prints them.
 */
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import type { Span } from "../../diagnostics/location.ts";
import type { Expr } from "../ast.ts";
import { parseSyntax } from "./parser.ts";
import { resolveScopes } from "./scope.ts";
import { stderrLine } from "../stderr-text.ts";

/** A problem found while parsing a Nix file. */
export class ParseError extends UserError {
  constructor(message: string, location: Span) {
    super(message, location);
    this.name = "ParseError";
  }
}

export interface ParseOptions {
  /** The file name shown in spans (`«string»` for expressions). */
  readonly file: string;
  /** Directory that relative path literals resolve against. */
  readonly baseDir: string;
  /** Names of the base environment (builtins and the global builtins). */
  readonly globals: ReadonlySet<string>;
  /** Extra names in scope around the file (`scopedImport`), slot order. */
  readonly topNames?: readonly string[];
  /** Where a parse warning goes (its text starts with its location); default: stderr, `warning: …`. */
  readonly warn?: (message: string) => void;
}

/** Runs a recursive pass over the syntax; nesting deeper than the JavaScript stack (thousands of brackets) is a ParseError. */
export function tooDeep<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError) throw new ParseError("expression nested too deeply (stack overflow)", { file, line: 0, column: 0 });
    throw e;
  }
}

/** Prints a parse warning as Nix does. */
export function warnOnStderr(message: string): void {
  stderrLine("warning: ", message);
}

/** Parses and resolves; throws a ParseError, or UserErrors when there are several. */
export function parse(src: string, opts: ParseOptions): Expr {
  const { expr, problems, warnings } = tooDeep(opts.file, () => parseSyntax(src, opts.file, opts.baseDir));
  for (const w of warnings) (opts.warn ?? warnOnStderr)(w.message);
  if (expr !== undefined) tooDeep(opts.file, () => resolveScopes(expr, opts.globals, opts.topNames ?? [], problems));
  if (problems.length > 0 || expr === undefined) {
    const errors = problems
      .sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column)
      .map((p) => new ParseError(p.message, p.span));
    throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  }
  return expr;
}
