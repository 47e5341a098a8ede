/**
 * Errors of the module system, in NixOS's wording. Each names the option
 * path and carries every definition site, so the renderer can point at the
 * first one with a code frame.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { THROWN } from "../nix/errors.ts";
import { showDefs, type Definition } from "./definition.ts";
import { showOption, type OptionPath } from "./option-path.ts";

/** An option's error; nixpkgs throws it, so tryEval catches it (THROWN). */
export class OptionError extends UserError {
  readonly [THROWN] = true;
  readonly loc: OptionPath;
  readonly defs: readonly Definition[];
  constructor(message: string, loc: OptionPath, defs: readonly Definition[] = []) {
    super(message, defs.find((d) => d.pos !== undefined)?.pos);
    this.name = "OptionError";
    this.loc = loc;
    this.defs = defs;
  }
}

const PRIORITY_HINT = "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";

/** mergeEqualOption's error. Unlike nixpkgs (which shows the first two that differ), every definition is listed. */
export function conflictingDefinitions(loc: OptionPath, defs: readonly Definition[]): OptionError {
  return new OptionError(
    `The option \`${showOption(loc)}' has conflicting definition values:${showDefs(defs)}\n${PRIORITY_HINT}`,
    loc,
    defs,
  );
}

export function notUnique(loc: OptionPath, defs: readonly Definition[], message = ""): OptionError {
  return new OptionError(
    `The option \`${showOption(loc)}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs(defs)}\n${PRIORITY_HINT}`,
    loc,
    defs,
  );
}

/** A definition failing the type's check. Composite (v2-merge) types word it with a `TypeError:` detail. */
export function notOfType(loc: OptionPath, description: string, defs: readonly Definition[], detail?: string): OptionError {
  const head = `A definition for option \`${showOption(loc)}' is not of type \`${description}'.`;
  const message = detail === undefined ? `${head} Definition values:${showDefs(defs)}` : `${head} TypeError: ${detail}`;
  return new OptionError(message, loc, defs);
}

export function usedButNotDefined(loc: OptionPath): OptionError {
  return new OptionError(
    `The option \`${showOption(loc)}' was accessed but has no value defined. Try setting the option.`,
    loc,
  );
}
