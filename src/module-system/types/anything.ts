/**
 * Types that accept any value: `anything` (sets merge recursively, other
 * values must be equal), `raw` (one definition, never inspected),
 * `unspecified` (mergeDefaultOption), `functionTo t`, and `uniq t`.
 */
import { force, isDerivation, NixAttrs, NixFunction, Thunk, typeOf, type Lazy } from "../../nix/value.ts";
import { mergeDefaultOption, mergeEqualOption, mergeOneOption } from "../merge-functions.ts";
import { OptionError } from "../option-error.ts";
import { showOption, type OptionPath } from "../option-path.ts";
import { showSite, type Definition } from "../definition.ts";
import { mergeDefinitions } from "../merge-definitions.ts";
import { defsByName } from "./attrs-of.ts";
import type { OptionType } from "./option-type.ts";
import { describeNested } from "./list-of.ts";

export const anything: OptionType = {
  name: "anything",
  description: "anything",
  descriptionClass: "noun",
  check: () => true,
  merge: mergeAnything,
  nestedTypes: {},
  typeMerge: (o) => (o.name === "anything" ? anything : undefined),
};

function mergeAnything(loc: OptionPath, defs: readonly Definition[]): ReturnType<typeof force> {
  const types = defs.map((d) => typeOf(force(d.value)));
  const first = types[0];
  const bad = types.findIndex((t) => t !== first);
  if (bad !== -1) {
    throw new OptionError(
      `The option \`${showOption(loc)}' has conflicting option types in \`${showSite(defs[0]!)}' and \`${showSite(defs[bad]!)}'`,
      loc,
      defs,
    );
  }
  if (first === "set" && !defs.some((d) => isDerivation(force(d.value)))) {
    const map = new Map<string, Lazy>();
    for (const [name, attrDefs] of defsByName(defs)) {
      const merged = mergeDefinitions([...loc, name], anything, attrDefs);
      if (merged.isDefined) map.set(name, new Thunk(merged.value));
    }
    return new NixAttrs(map);
  }
  if (first === "set") return mergeOneOption(loc, defs);
  if (first === "lambda") {
    return new NixFunction((arg) =>
      mergeAnything([...loc, "<function body>"], defs.map((d) => ({ ...d, value: (force(d.value) as NixFunction).call(arg) }))),
    );
  }
  return mergeEqualOption(loc, defs);
}

export const raw: OptionType = {
  name: "raw",
  description: "raw value",
  check: () => true,
  merge: (loc, defs) => mergeOneOption(loc, defs),
  nestedTypes: {},
  typeMerge: (o) => (o.name === "raw" ? raw : undefined),
};

export const unspecified: OptionType = {
  name: "unspecified",
  description: "unspecified value",
  check: () => true,
  merge: mergeDefaultOption,
  nestedTypes: {},
  typeMerge: (o) => (o.name === "unspecified" ? unspecified : undefined),
};

export function functionTo(elemType: OptionType): OptionType {
  return {
    name: "functionTo",
    description: `function that evaluates to a(n) ${describeNested(elemType)}`,
    descriptionClass: "composite",
    check: (v) => v instanceof NixFunction,
    merge: (loc, defs) =>
      new NixFunction((arg) =>
        mergeDefinitions(
          [...loc, "<function body>"],
          elemType,
          defs.map((d) => ({ ...d, value: new Thunk(() => (force(d.value) as NixFunction).call(arg)) })),
        ).value(),
      ),
    nestedTypes: { elemType },
    typeMerge: () => undefined,
  };
}

export function uniq(elemType: OptionType, message = ""): OptionType {
  return {
    ...elemType,
    name: "unique",
    merge: (loc, defs) => {
      mergeOneOption(loc, defs, message);
      return elemType.merge(loc, defs);
    },
    nestedTypes: { elemType },
    typeMerge: () => undefined,
  };
}
