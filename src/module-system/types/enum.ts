/**
 * `enum [values]`: one of the listed values; two enum declarations of the
 * same option merge into the union of their values.
 */
import { mergeEqualOption } from "../merge-functions.ts";
import type { OptionType } from "./option-type.ts";
import { valuesEqual } from "../../nix/equality.ts";
import { isString, stringText, typeOf, type Value } from "../../nix/value.ts";

/** How nixpkgs shows an enum value in the type's description. */
function show(v: Value): string {
  if (isString(v)) return `"${stringText(v)}"`;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "true" : "false";
  return `<${typeOf(v)}>`;
}

export function enumType(values: readonly Value[]): OptionType {
  const description =
    values.length === 0
      ? "impossible (empty enum)"
      : values.length === 1
        ? `value ${show(values[0] as Value)} (singular enum)`
        : `one of ${values.map(show).join(", ")}`;
  return {
    name: "enum",
    description,
    descriptionClass: values.length < 2 ? "noun" : "conjunction",
    check: (v) => values.some((x) => valuesEqual(x, v)),
    merge: mergeEqualOption,
    nestedTypes: {},
    enumValues: values,
    typeMerge(other) {
      if (other.name !== "enum" || other.enumValues === undefined) return undefined;
      const union = [...values];
      for (const v of other.enumValues) if (!union.some((x) => valuesEqual(x, v))) union.push(v);
      return enumType(union);
    },
  };
}
