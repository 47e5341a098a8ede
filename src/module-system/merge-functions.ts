/**
 * The three shared merge functions of nixpkgs' types.nix.
 */
import { force, isAttrs, isString, NixAttrs, NixFunction, NixString, stringText, type Lazy, type Value } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import { conflictingDefinitions, notUnique, OptionError } from "./option-error.ts";
import { showOption, type OptionPath } from "./option-path.ts";
import { showDefs } from "./definition.ts";
import { valuesEqual } from "../nix/equality.ts";
import { stringFrom } from "../nix/expect.ts";

/** `concatStringsSep sep`, keeping the union of the strings' contexts. */
export function concatStrings(parts: readonly (string | NixString)[], sep: string): string | NixString {
  return stringFrom(parts.map(stringText).join(sep), ...parts);
}

/** All definitions must be equal. */
export function mergeEqualOption(loc: OptionPath, defs: readonly Definition[]): Value {
  const first = force((defs[0] as Definition).value);
  for (const d of defs.slice(1)) {
    if (!valuesEqual(first, force(d.value))) throw conflictingDefinitions(loc, defs);
  }
  return first;
}

/** Exactly one definition. */
export function mergeOneOption(loc: OptionPath, defs: readonly Definition[], message = ""): Value {
  if (defs.length !== 1) throw notUnique(loc, defs, message);
  return force((defs[0] as Definition).value);
}

/** `unspecified`: concatenates lists and strings, ORs bools, `//` on sets, merges function results. */
export function mergeDefaultOption(loc: OptionPath, defs: readonly Definition[]): Value {
  const values = defs.map((d) => force(d.value));
  if (values.length === 1) return values[0] as Value;
  if (values.every((v) => v instanceof NixFunction)) {
    return new NixFunction((arg) =>
      mergeDefaultOption(
        loc,
        defs.map((d) => ({ ...d, value: (force(d.value) as NixFunction).call(arg) })),
      ),
    );
  }
  if (values.every(Array.isArray)) return (values as Lazy[][]).flat();
  if (values.every(isAttrs)) return (values as NixAttrs[]).reduce((a, b) => a.update(b));
  if (values.every((v) => typeof v === "boolean")) return values.some((v) => v === true);
  if (values.every(isString)) return concatStrings(values as (string | NixString)[], "");
  if (values.every((v) => typeof v === "bigint") && values.every((v) => v === values[0])) return values[0] as Value;
  throw new OptionError(`Cannot merge definitions of \`${showOption(loc)}'. Definition values:${showDefs(defs)}`, loc, defs);
}
