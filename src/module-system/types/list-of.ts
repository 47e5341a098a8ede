/**
 * `listOf t`: concatenates every definition's elements; each element is
 * merged on its own (so elements may be mkIf), and elements that end up
 * undefined are dropped. Deciding which elements exist forces their mkIf
 * conditions; the element values themselves stay lazy.
 */
import { force, Thunk, type Lazy } from "../../nix/value.ts";
import type { Definition } from "../definition.ts";
import { mergeDefinitions } from "../merge-definitions.ts";
import { checkHeadError, optionDescriptionPhrase, type OptionType } from "./option-type.ts";
import { showOption, type OptionPath } from "../option-path.ts";

export function listOf(elemType: OptionType): OptionType {
  return {
    name: "listOf",
    get description() {
      return `list of ${optionDescriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`;
    },
    descriptionClass: "composite",
    check: Array.isArray,
    headError: checkHeadError(Array.isArray),
    merge(loc, defs) {
      const out: Lazy[] = [];
      defs.forEach((def, n) => {
        (force(def.value) as Lazy[]).forEach((elem, m) => {
          const elemLoc: OptionPath = [...loc, `[definition ${n + 1}-entry ${m + 1}]`];
          const elemDef: Definition = { ...def, value: elem };
          const merged = mergeDefinitions(elemLoc, elemType, [elemDef]);
          if (merged.isDefined) out.push(new Thunk(merged.value, () => showOption(elemLoc)));
        });
      });
      return out;
    },
    emptyValue: { value: [] },
    nestedTypes: { elemType },
    get subModules() {
      return elemType.subModules;
    },
    substSubModules: (m) => listOf(elemType.substSubModules?.(m) ?? elemType),
    getSubOptions: elemType.getSubOptions === undefined ? undefined : (prefix) => elemType.getSubOptions!([...prefix, "*"]),
    typeMerge(other) {
      if (other.name !== "listOf") return undefined;
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      return merged === undefined ? undefined : listOf(merged);
    },
  };
}
