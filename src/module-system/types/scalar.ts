/**
 * Scalar types: bool, boolByOr, int with its ranges (ints.*), port, float,
 * number (either int float), all merged with mergeEqualOption except
 * boolByOr. Descriptions are nixpkgs'; the sized ints keep the name
 * "intBetween" (nixpkgs: unsignedInt8, …), which src/config maps to `number`.
 */
import { mergeEqualOption } from "../merge-functions.ts";
import { sameTypeMerge, type DescriptionClass, type OptionType } from "./option-type.ts";
import { either } from "./either.ts";
import { force, type Value } from "../../nix/value.ts";

function simple(name: string, description: string, check: (v: Value) => boolean, descriptionClass: DescriptionClass = "noun"): OptionType {
  const t: OptionType = {
    name,
    description,
    descriptionClass,
    check,
    merge: mergeEqualOption,
    nestedTypes: {},
    typeMerge: (o) => sameTypeMerge(t)(o),
  };
  return t;
}

export const bool = simple("bool", "boolean", (v) => typeof v === "boolean");

export const boolByOr: OptionType = {
  ...simple("boolByOr", "boolean (merged using or)", (v) => typeof v === "boolean"),
  merge: (_loc, defs) => defs.some((d) => force(d.value) === true),
};

export const int = simple("int", "signed integer", (v) => typeof v === "bigint");

const inRange = (lo: bigint, hi: bigint) => (v: Value) => typeof v === "bigint" && v >= lo && v <= hi;
const rangeText = (lo: bigint, hi: bigint) => `${lo} and ${hi} (both inclusive)`;

/** `ints.between lo hi`: an int in [lo, hi]. */
export function between(lo: bigint | number, hi: bigint | number): OptionType {
  const l = BigInt(lo);
  const h = BigInt(hi);
  if (l > h) throw new Error("ints.between: lowest must be smaller than highest");
  return simple("intBetween", `integer between ${rangeText(l, h)}`, inRange(l, h));
}

function sized(signed: boolean, bits: number): OptionType {
  const range = 2n ** BigInt(bits);
  const [lo, hi] = signed ? [-(range / 2n), range / 2n - 1n] : [0n, range - 1n];
  const kind = signed ? "signed" : "unsigned";
  return simple("intBetween", `${bits} bit ${kind} integer; between ${rangeText(lo, hi)}`, inRange(lo, hi));
}

export const ints = {
  between,
  unsigned: simple("unsignedInt", "unsigned integer, meaning >=0", (v) => typeof v === "bigint" && v >= 0n, "nonRestrictiveClause"),
  positive: simple("positiveInt", "positive integer, meaning >0", (v) => typeof v === "bigint" && v > 0n, "nonRestrictiveClause"),
  u8: sized(false, 8),
  u16: sized(false, 16),
  u32: sized(false, 32),
  s8: sized(true, 8),
  s16: sized(true, 16),
  s32: sized(true, 32),
};

export const port = ints.u16;

export const float = simple("float", "floating point number", (v) => typeof v === "number");

export const number = either(int, float);
