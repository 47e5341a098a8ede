/**
 * `listOf t`: concatenates every definition's elements; each element is
 * merged on its own (so elements may be mkIf), and elements that end up
 * undefined are dropped. Deciding which elements exist forces their mkIf
 * conditions; the element values themselves stay lazy.
 */
import { force, NixAttrs, Thunk, type Lazy } from "../../nix/value.ts";
import type { Definition } from "../definition.ts";
import { mergeDefinitions, type Merged } from "../merge-definitions.ts";
import { checkHeadError, optionDescriptionPhrase, type OptionType } from "./option-type.ts";
import { showOption, type OptionPath } from "../option-path.ts";
import { notOfType } from "../option-error.ts";

export function listOf(elemType: OptionType): OptionType {
  // Each element merged once, for the value and for its valueMeta (a submodule's evaluation).
  const evaluated = new WeakMap<readonly Definition[], { readonly loc: OptionPath; readonly merged: Merged }[]>();
  const evals = (loc: OptionPath, defs: readonly Definition[]) => {
    let r = evaluated.get(defs);
    if (r !== undefined) return r;
    // Called directly (not through mergeDefinitions), the merge may meet definitions it rejects.
    const rejected = defs.filter((d) => !Array.isArray(force(d.value)));
    if (rejected.length > 0) throw notOfType(loc, self.description, rejected);
    r = [];
    for (const [n, def] of defs.entries()) {
      for (const [m, elem] of (force(def.value) as Lazy[]).entries()) {
        const elemLoc: OptionPath = [...loc, `[definition ${n + 1}-entry ${m + 1}]`];
        const merged = mergeDefinitions(elemLoc, elemType, [{ ...def, value: elem }]);
        if (merged.isDefined) r.push({ loc: elemLoc, merged });
      }
    }
    evaluated.set(defs, r);
    return r;
  };
  const self: OptionType = {
    name: "listOf",
    get description() {
      return `list of ${optionDescriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`;
    },
    descriptionClass: "composite",
    check: Array.isArray,
    headError: checkHeadError(Array.isArray),
    merge: (loc, defs) => evals(loc, defs).map((e) => new Thunk(() => e.merged.value(), () => showOption(e.loc))),
    valueMeta: (loc, defs) => NixAttrs.from({ list: evals(loc, defs).map((e) => new Thunk(() => e.merged.valueMeta())) }),
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
  return self;
}
