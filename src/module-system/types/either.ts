/**
 * `either a b`, `oneOf [ts]` and `coercedTo from f to`: a value of one of
 * several types, merged with the first type that accepts every definition.
 * When neither does, an option of this type reports every definition; a
 * merge called directly (a freeform type, or under nullOr) warns, as
 * nixpkgs does, and merges the single definition as it is.
 */
import { force, NixAttrs, type NixFunction, type Value } from "../../nix/value.ts";
import { showOption, type OptionPath } from "../option-path.ts";
import { showDefs, type Definition } from "../definition.ts";
import { mergeOneOption } from "../merge-functions.ts";
import { moduleWarn } from "../warnings.ts";
import { failingDefinitions, optionDescriptionPhrase, typeHeadError, type HeadError, type OptionType } from "./option-type.ts";

export function either(left: OptionType, right: OptionType): OptionType {
  const nounOrConj = (c: string | undefined) => c === "noun" || c === "conjunction";
  // Read when first needed: an element type may be this type itself (a recursive value type).
  const description = () =>
    left.descriptionClass === "nonRestrictiveClause"
      ? `${left.description}, or ${optionDescriptionPhrase(nounOrConj, right)}`
      : `${optionDescriptionPhrase(nounOrConj, left)} or ${optionDescriptionPhrase((c) => nounOrConj(c) || c === "composite", right)}`;
  const choose = (loc: OptionPath, defs: readonly Definition[]): OptionType | HeadError => {
    if (typeHeadError(left, loc, defs) === undefined) return left;
    if (typeHeadError(right, loc, defs) === undefined) return right;
    const detail = `The option \`${showOption(loc)}\` is neither a value of type \`${left.description}\` nor \`${right.description}\`, Definition values: ${showDefs(defs)}`;
    return { detail, defs };
  };
  const self: OptionType = {
    name: "either",
    get description() {
      return description();
    },
    descriptionClass: "conjunction",
    check: (v) => left.check(v) || right.check(v),
    headError(loc, defs) {
      const chosen = choose(loc, defs);
      return "detail" in chosen ? chosen : undefined;
    },
    merge(loc, defs) {
      const chosen = choose(loc, defs);
      if (!("detail" in chosen)) return chosen.merge(loc, defs);
      moduleWarn(
        "One or more definitions did not pass the type-check of the 'either' type.\n" +
          `${chosen.detail}\n` +
          "If `either`, `oneOf` or similar is used in freeformType, ensure that it is preceded by an 'attrsOf' such as: `freeformType = types.attrsOf (types.either t1 t2)`.\n" +
          `Otherwise consider using the correct type for the option \`${showOption(loc)}\`.  This will be an error in Nixpkgs 26.05.\n`,
      );
      return mergeOneOption(loc, defs);
    },
    valueMeta(loc, defs) {
      const chosen = choose(loc, defs);
      if ("detail" in chosen) return NixAttrs.from({ headError: NixAttrs.from({ message: chosen.detail }) });
      return chosen.headError === undefined ? NixAttrs.empty : (chosen.valueMeta?.(loc, defs) ?? NixAttrs.empty);
    },
    nestedTypes: { left, right },
    typeMerge(other) {
      if (other.name !== "either") return undefined;
      const l = left.typeMerge(other.nestedTypes.left as OptionType);
      const r = right.typeMerge(other.nestedTypes.right as OptionType);
      return l === undefined || r === undefined ? undefined : either(l, r);
    },
  };
  return self;
}

/** `oneOf [a b c]` is `either (either a b) c`, as nixpkgs' left fold. */
export function oneOf(types: readonly OptionType[]): OptionType {
  const [first, ...rest] = types;
  if (first === undefined) throw new Error("types.oneOf needs to get at least one type in its argument");
  return rest.reduce((acc, t) => either(acc, t), first);
}

export function coercedTo(from: OptionType, coerce: NixFunction, to: OptionType): OptionType {
  if (from.subModules !== undefined) throw new Error(`coercedTo: coercedType must not have submodules (it’s a ${from.description})`);
  const convert = (v: Value): Value => (from.check(v) ? force(coerce.call(v)) : v);
  // As nixpkgs: a source type judging its definitions itself (v2 merge) decides which get converted.
  const accepts = (loc: OptionPath, d: Definition) => (from.headError === undefined ? from.check(force(d.value)) : typeHeadError(from, loc, [d]) === undefined);
  const coerced = (loc: OptionPath, defs: readonly Definition[]) =>
    defs.map((d) => ({ ...d, value: accepts(loc, d) ? force(coerce.call(force(d.value))) : force(d.value) }));
  const check = (v: Value) => (from.check(v) && to.check(convert(v))) || to.check(v);
  const noun = (c: string | undefined) => c === "noun";
  return {
    name: "coercedTo",
    get description() {
      return `${optionDescriptionPhrase(noun, to)} or ${optionDescriptionPhrase(noun, from)} convertible to it`;
    },
    check,
    headError(loc, defs) {
      if (to.headError !== undefined) return to.headError(loc, coerced(loc, defs));
      const invalid = defs.filter((d) => !check(force(d.value)));
      return invalid.length === 0 ? undefined : failingDefinitions(invalid);
    },
    merge: (loc, defs) => to.merge(loc, coerced(loc, defs)),
    valueMeta: (loc, defs) => (to.headError === undefined ? NixAttrs.empty : (to.valueMeta?.(loc, coerced(loc, defs)) ?? NixAttrs.empty)),
    emptyValue: to.emptyValue,
    nestedTypes: { coercedType: from, finalType: to },
    get subModules() {
      return to.subModules;
    },
    getSubOptions: to.getSubOptions,
    substSubModules: (m) => coercedTo(from, coerce, to.substSubModules?.(m) ?? to),
    typeMerge: () => undefined,
  };
}
