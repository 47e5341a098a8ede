/**
 * String types: str and its restricted forms (merged with
 * mergeEqualOption), and the separated strings (lines, commas, envVar) that
 * concatenate their definitions in final order. Patterns follow
 * `builtins.match`: the whole string must match.
 */
import { concatStrings, mergeEqualOption } from "../merge-functions.ts";
import { optionDescriptionPhrase, sameTypeMerge, type OptionType } from "./option-type.ts";
import { force, isString, stringText, type NixString, type Value } from "../../nix/value.ts";
import { escapeNixString } from "../option-path.ts";
import { regexMatch } from "../../nix/builtins/regex.ts";
import { stringLike } from "./path.ts";

function stringType(name: string, description: string, extra?: (s: string) => boolean): OptionType {
  const t: OptionType = {
    name,
    description,
    descriptionClass: "noun",
    check: (v: Value) => isString(v) && (extra === undefined || extra(stringText(v))),
    merge: mergeEqualOption,
    nestedTypes: {},
    typeMerge: (o) => sameTypeMerge(t)(o),
  };
  return t;
}

/** `builtins.match pattern s != null`, as nixpkgs defines it: the same POSIX engine as the evaluator's. */
function fullMatch(pattern: string): (s: string) => boolean {
  return (s) => regexMatch(pattern, s) !== null;
}

export const str = stringType("str", "string");

/** Not only spaces, tabs and newlines. */
export const nonEmptyStr = stringType("nonEmptyStr", "non-empty string", (s) => !/^[ \t\n]*$/.test(s));

const singleLine = fullMatch("[^\n\r]*\n?");
export const singleLineStr: OptionType = {
  ...stringType("singleLineStr", "(optionally newline-terminated) single-line string", singleLine),
  merge: (loc, defs) => {
    const v = mergeEqualOption(loc, defs);
    return isString(v) ? stringText(v).replace(/\n$/, "") : v;
  },
};

export function strMatching(pattern: string): OptionType {
  const t = stringType(`strMatching ${escapeNixString(pattern)}`, `string matching the pattern ${pattern}`, fullMatch(pattern));
  return { ...t, typeMerge: (o) => (o.name === t.name ? t : undefined) };
}

/** `passwdEntry t`: t, not containing newlines or colons. */
export function passwdEntry(inner: OptionType): OptionType {
  const self: OptionType = {
    ...inner,
    name: `passwdEntry ${inner.name}`,
    get description() {
      return `${optionDescriptionPhrase((c) => c === "noun", inner)}, not containing newlines or colons`;
    },
    descriptionClass: "nonRestrictiveClause",
    // nixpkgs' hasInfix reads the value as "${v}": a path or a derivation is checked by its text.
    check: (v) => {
      const text = inner.check(v) ? stringLike(v) : undefined;
      return text !== undefined && !/[:\n]/.test(text);
    },
    nestedTypes: { elemType: inner },
    typeMerge: (o) => (o.name === self.name ? self : undefined),
  };
  return self;
}

/** Concatenates all definitions with `sep`, in final order (after mkOrder sorting). */
export function separatedString(sep: string): OptionType {
  const t: OptionType = {
    name: "separatedString",
    description: `strings concatenated with ${JSON.stringify(sep)}`,
    descriptionClass: "noun",
    check: isString,
    merge: (_loc, defs) => concatStrings(defs.map((d) => force(d.value) as string | NixString), sep),
    nestedTypes: {},
    separator: sep,
    typeMerge: (o) => (o.name === "separatedString" && o.separator === sep ? t : undefined),
  };
  return t;
}

export const lines = separatedString("\n");
export const commas = separatedString(",");
export const envVar = separatedString(":");
