/**
 * The `--flake DIR#attr` argument split into its directory and fragment.
 * Flake references themselves are parsed in the language layer
 * (../nix/flake-ref/flake-ref.ts); parseFlakeRef is passed on from there
 * for the CLI.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { percentDecode } from "../nix/flake-ref/flake-ref.ts";

export { parseFlakeRef } from "../nix/flake-ref/flake-ref.ts";

/** `DIR#attr.path` as given to --flake: the directory and the fragment (or undefined). */
export function splitFlakeArg(arg: string): { dir: string; fragment: string | undefined } {
  const trimmed = arg.endsWith("#") ? arg.slice(0, -1) : arg;
  const parts = trimmed.split("#");
  if (parts.length > 2) throw new UserError(`Invalid flake URI, too many '#'s: ${arg}`);
  const dir = (parts[0] as string).replace(/^path:/, "").replace(/^git\+file:\/\//, "");
  return { dir: dir === "" ? "." : dir, fragment: parts[1] === undefined || parts[1] === "" ? undefined : percentDecode(parts[1]) };
}
