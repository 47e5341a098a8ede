/**
 * Types that accept any value: `anything` (sets merge recursively, functions
 * merge their results, other values must be equal; lists are not
 * concatenated), `raw` (one definition, never inspected), `unspecified`
 * (mergeDefaultOption), `functionTo t`, and `uniq t` / `unique {message} t`.
 */
import { force, NixAttrs, NixFunction, Thunk, typeOf, type Formals, type Value } from "../../nix/value.ts";
import { mergeDefaultOption, mergeEqualOption, mergeOneOption } from "../merge-functions.ts";
import { OptionError } from "../option-error.ts";
import { showFiles, showOption, type OptionPath } from "../option-path.ts";
import { showSite, type Definition } from "../definition.ts";
import { mergeDefinitions } from "../merge-definitions.ts";
import { attrsOf } from "./attrs-of.ts";
import { optionDescriptionPhrase, type OptionType } from "./option-type.ts";

/** nixpkgs `isStringLike` for sets: a derivation or anything with outPath or __toString. */
function stringCoercibleSet(v: Value): boolean {
  return v instanceof NixAttrs && (v.has("outPath") || v.has("__toString"));
}

function anythingType(v: Value): string {
  return stringCoercibleSet(v) ? "stringCoercibleSet" : typeOf(v);
}

export const anything: OptionType = {
  name: "anything",
  description: "anything",
  descriptionClass: "noun",
  check: () => true,
  merge: mergeAnything,
  nestedTypes: {},
  typeMerge: (o) => (o.name === "anything" ? anything : undefined),
};

const attrsOfAnything = attrsOf(anything);

function mergeAnything(loc: OptionPath, defs: readonly Definition[]): Value {
  const types = defs.map((d) => anythingType(force(d.value)));
  const common = types[0];
  if (types.some((t) => t !== common)) {
    throw new OptionError(`The option \`${showOption(loc)}' has conflicting option types in ${showFiles(defs.map(showSite))}`, loc, defs);
  }
  switch (common) {
    case "set":
      return attrsOfAnything.merge(loc, defs);
    case "stringCoercibleSet":
      return mergeOneOption(loc, defs);
    case "lambda":
      return new NixFunction((arg) =>
        mergeAnything([...loc, "<function body>"], defs.map((d) => ({ ...d, value: (force(d.value) as NixFunction).call(arg) }))),
      );
    default:
      return mergeEqualOption(loc, defs);
  }
}

export const raw: OptionType = {
  name: "raw",
  description: "raw value",
  descriptionClass: "noun",
  check: () => true,
  merge: (loc, defs) => mergeOneOption(loc, defs),
  nestedTypes: {},
  typeMerge: (o) => (o.name === "raw" ? raw : undefined),
};

export const unspecified: OptionType = {
  name: "unspecified",
  description: "unspecified value",
  descriptionClass: "noun",
  check: () => true,
  merge: mergeDefaultOption,
  nestedTypes: {},
  typeMerge: (o) => (o.name === "unspecified" ? unspecified : undefined),
};

/**
 * The arguments of merged functions (nixpkgs' `__functionArgs` of a
 * functionTo value): every definition's, an argument having a default
 * when every definition naming it gives one.
 */
function mergedFormals(defs: readonly Definition[]): Formals | undefined {
  const names = new Map<string, boolean>();
  for (const d of defs) {
    const f = force(d.value);
    for (const [name, hasDefault] of (f instanceof NixFunction ? f.formals?.names : undefined) ?? []) names.set(name, (names.get(name) ?? true) && hasDefault);
  }
  return names.size === 0 ? undefined : { names, ellipsis: true };
}

export function functionTo(elemType: OptionType): OptionType {
  return {
    name: "functionTo",
    get description() {
      return `function that evaluates to a(n) ${optionDescriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`;
    },
    descriptionClass: "composite",
    check: (v) => v instanceof NixFunction,
    merge: (loc, defs) =>
      new NixFunction(
        (arg) =>
          mergeDefinitions(
            [...loc, "<function body>"],
            elemType,
            defs.map((d) => ({ ...d, value: new Thunk(() => (force(d.value) as NixFunction).call(arg)) })),
          ).value(),
        mergedFormals(defs),
      ),
    nestedTypes: { elemType },
    get getSubOptions() {
      return elemType.getSubOptions === undefined ? undefined : (prefix: OptionPath) => elemType.getSubOptions!([...prefix, "<function body>"]);
    },
    substSubModules: (m) => functionTo(elemType.substSubModules?.(m) ?? elemType),
    typeMerge(other) {
      if (other.name !== "functionTo") return undefined;
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      return merged === undefined ? undefined : functionTo(merged);
    },
  };
}

/** `types.unique { message } t`: exactly one definition, then t's merge. `uniq t` has no message. */
export function uniq(elemType: OptionType, message = ""): OptionType {
  return {
    name: "unique",
    get description() {
      return elemType.description;
    },
    descriptionClass: elemType.descriptionClass,
    check: (v) => elemType.check(v),
    merge: (loc, defs) => {
      mergeOneOption(loc, defs, message);
      return elemType.merge(loc, defs);
    },
    emptyValue: elemType.emptyValue,
    nestedTypes: { elemType },
    get subModules() {
      return elemType.subModules;
    },
    getSubOptions: elemType.getSubOptions,
    substSubModules: (m) => uniq(elemType.substSubModules?.(m) ?? elemType, message),
    typeMerge(other) {
      if (other.name !== "unique") return undefined;
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      return merged === undefined ? undefined : uniq(merged, message);
    },
  };
}
