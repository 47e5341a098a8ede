/**
 * `enum [values]`: one of the listed values; two enum declarations merge
 * into the union of their values.
 */
import { mergeEqualOption } from "../merge-functions.ts";
import type { OptionType } from "./option-type.ts";
import { valuesEqual } from "../../nix/equality.ts";
import { toPretty } from "../pretty.ts";
import type { Value } from "../../nix/value.ts";

export function enumType(values: readonly Value[]): OptionType {
  const shown = values.map((v) => toPretty(v));
  const description =
    values.length === 0 ? "impossible (empty enum)" : values.length === 1 ? `value ${shown[0]} (singular enum)` : `one of ${shown.join(", ")}`;
  const t: OptionType = {
    name: "enum",
    description,
    descriptionClass: values.length <= 1 ? "noun" : "conjunction",
    check: (v) => values.some((x) => valuesEqual(x, v)),
    merge: mergeEqualOption,
    nestedTypes: {},
    typeMerge(other) {
      if (other.name !== "enum" || other.enumValues === undefined) return undefined;
      const union = [...values];
      for (const v of other.enumValues) if (!union.some((x) => valuesEqual(x, v))) union.push(v);
      return enumType(union);
    },
  };
  return Object.assign(t, { enumValues: values });
}
