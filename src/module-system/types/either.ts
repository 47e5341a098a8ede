/**
 * `either a b`, `oneOf [ts]` and `coercedTo from f to`: a value of one of
 * several types, merged with the type every definition satisfies.
 */
import { force, type NixFunction } from "../../nix/value.ts";
import { OptionError } from "../option-error.ts";
import { showOption } from "../option-path.ts";
import { showDefs } from "../definition.ts";
import type { OptionType } from "./option-type.ts";
import { describeNested } from "./list-of.ts";

export function either(left: OptionType, right: OptionType): OptionType {
  const description = `${describeNested(left)} or ${describeNested(right)}`;
  return {
    name: "either",
    description,
    descriptionClass: "conjunction",
    check: (v) => left.check(v) || right.check(v),
    merge(loc, defs) {
      if (defs.every((d) => left.check(force(d.value)))) return left.merge(loc, defs);
      if (defs.every((d) => right.check(force(d.value)))) return right.merge(loc, defs);
      throw new OptionError(
        `A definition for option \`${showOption(loc)}' is not of type \`${description}'. TypeError: The option \`${showOption(loc)}\` is neither a value of type \`${left.description}\` nor \`${right.description}\`, Definition values:${showDefs(defs)}`,
        loc,
        defs,
      );
    },
    nestedTypes: { left, right },
    typeMerge(other) {
      if (other.name !== "either") return undefined;
      const l = left.typeMerge(other.nestedTypes.left as OptionType);
      const r = right.typeMerge(other.nestedTypes.right as OptionType);
      return l === undefined || r === undefined ? undefined : either(l, r);
    },
  };
}

export function oneOf(types: readonly OptionType[]): OptionType {
  if (types.length === 0) throw new Error("types.oneOf needs at least one type");
  return types.slice(0, -1).reduceRight((acc, t) => either(t, acc), types[types.length - 1] as OptionType);
}

export function coercedTo(from: OptionType, coerce: NixFunction, to: OptionType): OptionType {
  const convert = (v: ReturnType<typeof force>) => (from.check(v) && !to.check(v) ? force(coerce.call(v)) : v);
  return {
    name: "coercedTo",
    description: `${describeNested(to)} or ${describeNested(from)} convertible to it`,
    check: (v) => (from.check(v) && to.check(convert(v))) || to.check(v),
    merge: (loc, defs) => to.merge(loc, defs.map((d) => ({ ...d, value: convert(force(d.value)) }))),
    emptyValue: to.emptyValue,
    nestedTypes: { coercedType: from, finalType: to },
    subModules: to.subModules,
    getSubOptions: to.getSubOptions,
    typeMerge: () => undefined,
  };
}
