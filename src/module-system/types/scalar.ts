/**
 * Scalar types: bool, boolByOr, int with its ranges (ints.*), float, number, port.
 */
import { mergeEqualOption } from "../merge-functions.ts";
import { sameTypeMerge, type OptionType } from "./option-type.ts";
import { force, type Value } from "../../nix/value.ts";

function simple(name: string, description: string, check: (v: Value) => boolean): OptionType {
  const t: OptionType = {
    name,
    description,
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

/** `ints.between lo hi`, described as nixpkgs does. */
export function between(lo: bigint | number, hi: bigint | number, description?: string): OptionType {
  const l = BigInt(lo);
  const h = BigInt(hi);
  return simple(
    "intBetween",
    description ?? `integer between ${l} and ${h} (both inclusive)`,
    (v) => typeof v === "bigint" && v >= l && v <= h,
  );
}

const sign = (bits: number, desc: string) =>
  between(-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n, `${bits} bit ${desc} integer; between ${-(2n ** BigInt(bits - 1))} and ${2n ** BigInt(bits - 1) - 1n} (both inclusive)`);
const unsign = (bits: number) =>
  between(0n, 2n ** BigInt(bits) - 1n, `${bits} bit unsigned integer; between 0 and ${2n ** BigInt(bits) - 1n} (both inclusive)`);

export const ints = {
  between,
  unsigned: simple("unsignedInt", "unsigned integer, meaning >=0", (v) => typeof v === "bigint" && v >= 0n),
  positive: simple("positiveInt", "positive integer, meaning >0", (v) => typeof v === "bigint" && v > 0n),
  u8: unsign(8),
  u16: unsign(16),
  u32: unsign(32),
  s8: sign(8, "signed"),
  s16: sign(16, "signed"),
  s32: sign(32, "signed"),
};

export const port = ints.u16;

export const float = simple("float", "floating point number", (v) => typeof v === "number");

export const number = simple("number", "signed integer or floating point number", (v) => typeof v === "bigint" || typeof v === "number");
