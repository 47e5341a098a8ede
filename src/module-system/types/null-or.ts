/**
 * `nullOr t`: null, or a value of t. Mixing null and non-null definitions is
 * an error naming both sites.
 */
import { force } from "../../nix/value.ts";
import { OptionError } from "../option-error.ts";
import { showOption } from "../option-path.ts";
import { showSite } from "../definition.ts";
import type { OptionType } from "./option-type.ts";
import { describeNested } from "./list-of.ts";

export function nullOr(elemType: OptionType): OptionType {
  return {
    name: "nullOr",
    description: `null or ${describeNested(elemType)}`,
    descriptionClass: "conjunction",
    check: (v) => v === null || elemType.check(v),
    merge(loc, defs) {
      const nulls = defs.filter((d) => force(d.value) === null);
      if (nulls.length === defs.length) return null;
      if (nulls.length === 0) return elemType.merge(loc, defs);
      const other = defs.find((d) => force(d.value) !== null);
      throw new OptionError(
        `The option \`${showOption(loc)}\` is defined both null and not null, in \`${showSite(nulls[0]!)}' and \`${showSite(other!)}'.`,
        loc,
        defs,
      );
    },
    emptyValue: { value: null },
    nestedTypes: { elemType },
    subModules: elemType.subModules,
    getSubOptions: elemType.getSubOptions,
    substSubModules: (m) => nullOr(elemType.substSubModules?.(m) ?? elemType),
    typeMerge(other) {
      if (other.name !== "nullOr") return undefined;
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      return merged === undefined ? undefined : nullOr(merged);
    },
  };
}
