/**
 * `listOf t`: concatenates every definition's elements; each element is
 * merged on its own (so elements may be mkIf), and elements that end up
 * undefined are dropped.
 */
import { force, type Lazy } from "../../nix/value.ts";
import type { Definition } from "../definition.ts";
import { mergeDefinitions } from "../merge-definitions.ts";
import type { OptionType } from "./option-type.ts";

export function listOf(elemType: OptionType): OptionType {
  return {
    name: "listOf",
    description: `list of ${describeNested(elemType)}`,
    descriptionClass: "composite",
    check: Array.isArray,
    merge(loc, defs) {
      const out: Lazy[] = [];
      defs.forEach((def, n) => {
        (force(def.value) as Lazy[]).forEach((elem, m) => {
          const elemDef: Definition = { ...def, value: elem };
          const merged = mergeDefinitions([...loc, `[definition ${n + 1}-entry ${m + 1}]`], elemType, [elemDef]);
          if (merged.isDefined) out.push(merged.value());
        });
      });
      return out;
    },
    emptyValue: { value: [] },
    nestedTypes: { elemType },
    substSubModules: (m) => listOf(elemType.substSubModules?.(m) ?? elemType),
    typeMerge(other) {
      if (other.name !== "listOf") return undefined;
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      return merged === undefined ? undefined : listOf(merged);
    },
  };
}

/** An element type's description, parenthesised when it is a conjunction or composite. */
export function describeNested(t: OptionType): string {
  return t.descriptionClass === "conjunction" || t.descriptionClass === "composite" ? `(${t.description})` : t.description;
}
