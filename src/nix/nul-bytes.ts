/**
 * Nix strings are C strings: text with a NUL byte in it (a string literal,
 * a key or value read by `fromJSON` or `fromTOML`) cannot become a Nix
 * string. The refusal shows each NUL as '␀', as Nix prints it.
 */
import { EvalError } from "./errors.ts";

/** "input string 'a␀b' cannot be represented as Nix string because it contains null bytes" */
export function nulBytesMessage(text: string): string {
  return `input string '${text.replaceAll("\0", "\u2400")}' cannot be represented as Nix string because it contains null bytes`;
}

/** `text` itself, or the EvalError Nix raises for a NUL in it. */
export function refuseNulBytes(text: string): string {
  if (text.includes("\0")) throw new EvalError(nulBytesMessage(text));
  return text;
}
