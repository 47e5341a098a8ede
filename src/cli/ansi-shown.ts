/**
 * Whether text written to stderr keeps its ANSI escape sequences, as Nix
 * decides: only when stderr is a terminal, TERM is set and not "dumb",
 * and neither NO_COLOR nor NOCOLOR is set. Otherwise Nix removes them from
 * everything it logs (errors, warnings), so a `throw` message coloured
 * for a terminal reads plainly in a log or a pipe.
 */
import { withoutAnsi } from "../nix/stderr-text.ts";

export function ansiShown(env: Readonly<Record<string, string | undefined>> = process.env, isTTY: boolean = process.stderr.isTTY === true): boolean {
  const term = env.TERM ?? "dumb";
  return isTTY && term !== "dumb" && env.NO_COLOR === undefined && env.NOCOLOR === undefined;
}

/** `text` as Nix would write it to stderr: escapes removed unless ansiShown. */
export function forStderr(text: string, shown: boolean = ansiShown()): string {
  return shown ? text : withoutAnsi(text);
}
