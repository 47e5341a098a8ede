/**
 * Source locations shared by every layer: a Nix span, a TypeScript config
 * position, a file on disk. Lines and columns are 1-based.
 */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** `file:line:column`, or just the file when the position is unknown (line 0). */
export function showSpan(span: Span): string {
  return span.line > 0 ? `${span.file}:${span.line}:${span.column}` : span.file;
}
