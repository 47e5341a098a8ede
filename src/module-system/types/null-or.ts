/**
 * `nullOr t`: null, or a value of t. All-null definitions merge to null;
 * mixing null and non-null definitions is an error naming every file.
 * Type errors use the plain wording (as the reference, and nixpkgs before
 * nullOr took the v2 merge).
 */
import { force } from "../../nix/value.ts";
import { OptionError } from "../option-error.ts";
import { showFiles, showOption, type OptionPath } from "../option-path.ts";
import { showSite, type Definition } from "../definition.ts";
import { optionDescriptionPhrase, type OptionType } from "./option-type.ts";

function mixedNulls(loc: OptionPath, defs: readonly Definition[]): string | undefined {
  const nulls = defs.filter((d) => force(d.value) === null).length;
  if (nulls === 0 || nulls === defs.length || defs.length === 1) return undefined;
  return `The option \`${showOption(loc)}\` is defined both null and not null, in ${showFiles(defs.map(showSite))}.`;
}

export function nullOr(elemType: OptionType): OptionType {
  return {
    name: "nullOr",
    get description() {
      return `null or ${optionDescriptionPhrase((c) => c === "noun" || c === "conjunction", elemType)}`;
    },
    descriptionClass: "conjunction",
    check: (v) => v === null || elemType.check(v),
    merge(loc, defs) {
      if (defs.every((d) => force(d.value) !== null)) return elemType.merge(loc, defs);
      const mixed = mixedNulls(loc, defs);
      if (mixed !== undefined) throw new OptionError(mixed, loc, defs);
      return null;
    },
    emptyValue: { value: null },
    nestedTypes: { elemType },
    get subModules() {
      return elemType.subModules;
    },
    getSubOptions: elemType.getSubOptions,
    substSubModules: (m) => nullOr(elemType.substSubModules?.(m) ?? elemType),
    typeMerge(other) {
      if (other.name !== "nullOr") return undefined;
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      return merged === undefined ? undefined : nullOr(merged);
    },
  };
}
