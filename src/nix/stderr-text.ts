/**
 * What the evaluator writes to stderr by itself (`builtins.trace`,
 * `builtins.warn`), as Nix writes it: ANSI escape sequences in the text
 * (home-manager traces its warnings in bold red) are kept when stderr is
 * a terminal and removed when it is not, as Nix's filterANSIEscapes does.
 */

// CSI sequences (ESC [ parameters intermediates final) and other two-character escapes.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])/g;

export function withoutAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Writes `prefix` and `text` (escapes filtered unless stderr is a terminal) as one line to stderr. */
export function stderrLine(prefix: string, text: string): void {
  process.stderr.write(`${prefix}${process.stderr.isTTY ? text : withoutAnsi(text)}\n`);
}
