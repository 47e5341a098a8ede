/**
 * The "option does not exist" error, with NixOS's wording, its "Did you
 * mean" suggestions from the names declared beside it, its hint when an
 * evaluation declares no options at all, and, when the CLI registered the
 * command that lists options (`system-manager option`), where to run it.
 */
import { showDefs, type Definition } from "./definition.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { OptionError } from "./option-error.ts";
import { showOption, type OptionPath } from "./option-path.ts";
import type { OptionLevel } from "./option-tree.ts";
import type { Unmatched } from "./unmatched.ts";
import { closest, didYouMean } from "./closest.ts";

/** One definition of an option that does not exist, shown; a failure to show it says which definition it was (nixpkgs' contexts). */
function shownDefinition(loc: OptionPath, d: Definition): string {
  try {
    return showDefs([d]);
  } catch (e) {
    if (e instanceof UserError) {
      e.withContext(`while evaluating a definition from \`${d.file}'`);
      e.withContext(`while evaluating the error message for definitions for \`${showOption(loc)}', which is an option that does not exist`);
    }
    throw e;
  }
}

let optionCommand: string | undefined;

/** Names `command` (`system-manager option`, `home-manager option`) in later errors as what lists the options beside an unknown one. */
export function registerOptionCommand(command: string): void {
  optionCommand = command;
}

export function unknownOptionError(prefix: OptionPath, u: Unmatched, root: OptionLevel): OptionError {
  const loc = [...prefix, ...u.path];
  const parent = loc.slice(0, -1);
  const name = loc[loc.length - 1] as string;
  let message = `The option \`${showOption(loc)}' does not exist. Definition values:${u.defs.map((d) => shownDefinition(loc, d)).join("")}`;
  message += didYouMean(closest(name, u.siblings.filter((s) => s !== "_module")).map((s) => showOption([...parent, s])));
  const declaresNothing = root.names().every((n) => n === "_module");
  if (declaresNothing && prefix.length === 0) {
    message += "\n\nIt seems as if you're trying to declare an option by placing it into `config' rather than `options'!";
  } else if (declaresNothing) {
    message +=
      `\n\nHowever there are no options defined in \`${showOption(prefix)}'. Are you sure you've\n` +
      "declared your options properly? This can happen if you e.g. declared your options in `types.submodule'\n" +
      "under `config' rather than `options'.";
  }
  if (optionCommand !== undefined) message += `\n\nRun \`${optionCommand}${parent.length === 0 ? "" : " " + showOption(parent)}' to list the options there.`;
  return new OptionError(message, loc, u.defs);
}
