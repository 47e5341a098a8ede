/**
 * Nix's lints of literals, each ignored (the default), a warning or an
 * error as the user asks (`--lint-short-path-literals`,
 * `--lint-absolute-path-literals`, `--lint-url-literals`): a relative path
 * literal not starting with `.` (`foo/bar` rather than `./foo/bar`), an
 * absolute or home path literal (`/tmp/x`, `~/x`), and an unquoted URL.
 * They look at a file's tokens, so every file evaluated is linted as it is
 * read, as Nix lints while parsing; the messages are Nix's, the setting's
 * name in brackets after them.
 */
import type { Span } from "../diagnostics/location.ts";
import { lex, type Token } from "./lexer.ts";
import { ParseError } from "./parser/parse.ts";

export type Diagnose = "ignore" | "warn" | "fatal";

export interface LiteralLints {
  readonly shortPathLiterals?: Diagnose;
  readonly absolutePathLiterals?: Diagnose;
  readonly urlLiterals?: Diagnose;
}

/** A lint's finding: its message (with the setting's name) and where. */
export type LintWarning = ParseError;

function finding(t: Token, lints: LiteralLints): { setting: keyof LiteralLints; message: (fatal: boolean) => string } | undefined {
  const lit = t.text;
  if (t.type === "PATH" && lit.startsWith("/")) {
    return { setting: "absolutePathLiterals", message: () => `absolute path literals are not portable. Consider replacing path literal '${lit}' by a string, relative path, or parameter (lint-absolute-path-literals)` };
  }
  if (t.type === "PATH" && !lit.startsWith(".")) {
    return { setting: "shortPathLiterals", message: () => `relative path literal '${lit}' should be prefixed with '.' for clarity: './${lit}' (lint-short-path-literals)` };
  }
  if (t.type === "HPATH") {
    return { setting: "absolutePathLiterals", message: () => `home path literals are not portable. Consider replacing path literal '${lit}' by a string, relative path, or parameter (lint-absolute-path-literals)` };
  }
  if (t.type === "URI" && lints.urlLiterals !== undefined) {
    return { setting: "urlLiterals", message: (fatal) => `URL literals are ${fatal ? "disallowed" : "discouraged"}. Consider using a string literal "${lit}" instead (lint-url-literals)` };
  }
  return undefined;
}

/** Whether any lint is asked for. */
export function linting(lints: LiteralLints): boolean {
  return [lints.shortPathLiterals, lints.absolutePathLiterals, lints.urlLiterals].some((d) => d !== undefined && d !== "ignore");
}

/** Lints `src`: each warning to `warn`, in source order; the first fatal finding is thrown (a ParseError at the literal). Text that does not lex is left to the parser. */
export function lintLiterals(src: string, file: string, lints: LiteralLints, warn: (w: LintWarning) => void): void {
  const { tokens, errors } = lex(src);
  if (errors.length > 0) return;
  for (const t of tokens) {
    const f = finding(t, lints);
    const level = f === undefined ? undefined : lints[f.setting];
    if (f === undefined || level === undefined || level === "ignore") continue;
    const at: Span = { file, line: t.line, column: t.column };
    if (level === "fatal") throw new ParseError(f.message(true), at);
    warn(new ParseError(f.message(false), at));
  }
}
