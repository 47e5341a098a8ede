/**
 * `types.optionType`: the type of an option type, as used by
 * `_module.freeformType`. One definition is taken as is; several merge like
 * declarations of one option (typeMerge), so two modules may each give a
 * freeform type when the types combine (e.g. two `attrsOf` types).
 */
import { force, typeTag } from "../../nix/value.ts";
import { OptionError } from "../option-error.ts";
import { showFiles, showOption } from "../option-path.ts";
import { showSite, type Definition } from "../definition.ts";
import { typeFromValue, typeValue, type OptionType } from "./option-type.ts";

export const optionType: OptionType = {
  name: "optionType",
  description: "optionType",
  descriptionClass: "noun",
  check: (v) => typeTag(v) === "option-type",
  merge(loc, defs) {
    const [first, ...rest] = defs as [Definition, ...Definition[]];
    if (rest.length === 0) return force(first.value);
    let merged = typeFromValue(force(first.value), `the definition of \`${showOption(loc)}'`);
    rest.forEach((d, i) => {
      const next = merged.typeMerge(typeFromValue(force(d.value), `the definition of \`${showOption(loc)}'`));
      if (next === undefined) {
        const earlier = defs.slice(0, i + 1).map(showSite);
        throw new OptionError(`The option \`${showOption(loc)}' in \`${showSite(d)}' is already declared in ${showFiles(earlier)}.`, loc, defs);
      }
      merged = next;
    });
    return typeValue(merged);
  },
  nestedTypes: {},
  typeMerge: (o) => (o.name === "optionType" ? optionType : undefined),
};
