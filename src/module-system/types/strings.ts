/**
 * String types: str and its restricted forms, and the separated strings
 * (lines, commas, envVar) that concatenate their definitions.
 */
import { mergeEqualOption } from "../merge-functions.ts";
import { sameTypeMerge, type OptionType } from "./option-type.ts";
import { force, isString, NixString, stringText, type Value } from "../../nix/value.ts";

function stringType(name: string, description: string, extra?: (s: string) => boolean): OptionType {
  const t: OptionType = {
    name,
    description,
    check: (v: Value) => isString(v) && (extra === undefined || extra(stringText(v))),
    merge: mergeEqualOption,
    nestedTypes: {},
    typeMerge: (o) => sameTypeMerge(t)(o),
  };
  return t;
}

export const str = stringType("str", "string");
export const nonEmptyStr = stringType("nonEmptyStr", "non-empty string", (s) => s.trim() !== "");
export const singleLineStr: OptionType = {
  ...stringType("singleLineStr", "(optionally newline-terminated) single-line string", (s) => !/\n./.test(s) && !s.startsWith("\n")),
  merge: (loc, defs) => {
    const v = mergeEqualOption(loc, defs);
    return isString(v) ? stringText(v).replace(/\n$/, "") : v;
  },
};

export function strMatching(pattern: string): OptionType {
  const re = new RegExp(`^(?:${pattern})$`, "s");
  return stringType("strMatching " + JSON.stringify(pattern), `string matching the pattern ${pattern}`, (s) => re.test(s));
}

/** `passwdEntry t`: t, not containing newlines or colons. */
export function passwdEntry(inner: OptionType): OptionType {
  return {
    ...inner,
    name: "passwdEntry " + inner.name,
    description: `${inner.description}, not containing newlines or colons`,
    check: (v) => inner.check(v) && isString(v) && !/[:\n]/.test(stringText(v)),
    nestedTypes: { elemType: inner },
    typeMerge: (o) => (o.name === "passwdEntry " + inner.name ? o : undefined),
  };
}

/** Concatenates all definitions with `sep`, in definition order. */
export function separatedString(sep: string): OptionType {
  const description = sep === "" ? "Concatenated string" : `strings concatenated with ${JSON.stringify(sep)}`;
  const t: OptionType = {
    name: "separatedString",
    description,
    check: isString,
    merge: (_loc, defs) => {
      const parts = defs.map((d) => force(d.value) as string | NixString);
      const context = new Set<string>();
      for (const p of parts) if (p instanceof NixString) for (const c of p.context) context.add(c);
      const s = parts.map(stringText).join(sep);
      return context.size > 0 ? new NixString(s, context) : s;
    },
    nestedTypes: {},
    typeMerge: (o) => (o.name === "separatedString" && o.description === description ? t : undefined),
  };
  return t;
}

export const lines = { ...separatedString("\n"), name: "lines" } satisfies OptionType;
lines.typeMerge = (o) => (o.name === "lines" ? lines : undefined);
export const commas = { ...separatedString(","), name: "commas" } satisfies OptionType;
commas.typeMerge = (o) => (o.name === "commas" ? commas : undefined);
export const envVar = { ...separatedString(":"), name: "envVar" } satisfies OptionType;
envVar.typeMerge = (o) => (o.name === "envVar" ? envVar : undefined);
