/**
 * `lib.strings`, the rest: parsing ints (toInt refuses leading zeros,
 * toIntBase10 accepts them), package names and versions (getName,
 * getVersion, with `builtins.parseDrvName`'s rule), configure flags
 * (enableFeature, withFeature…), fixed-width padding, trimming,
 * `match`/`split`, JSON, and the string-like predicates.
 */
import { force, isString, NixAttrs, NixPath, type Lazy, type Value } from "../nix/value.ts";
import { fn } from "./fn.ts";
import { expectBool, expectInt, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { nixToString } from "./coercion.ts";
import { parseDrvName } from "../nix/builtins/versions.ts";
import { fromJSON, toJSONValue } from "./json.ts";
import { versionCompareLib } from "./versions.ts";
import { levenshtein } from "../nix/levenshtein.ts";
import { escapeNixString } from "../module-system/option-path.ts";
import type { LibEnv } from "./lib-context.ts";

/** nixpkgs `isStringLike`: strings, paths, and sets with outPath or __toString. */
export function isStringLike(v: Value): boolean {
  return isString(v) || v instanceof NixPath || (v instanceof NixAttrs && (v.has("outPath") || v.has("__toString")));
}

function isConvertibleWithToString(v: Value): boolean {
  if (isStringLike(v) || v === null || ["boolean", "bigint", "number"].includes(typeof v)) return true;
  return Array.isArray(v) && v.every((x) => isConvertibleWithToString(force(x)));
}


function toInt(v: Lazy, base10: boolean): bigint {
  const s = text(v);
  const general = () => nixThrow(`${base10 ? "toIntBase10" : "toInt"}: Could not convert ${escapeNixString(s)} to int.`);
  const m = /^[ \t\n\r\f\v]*(-?)([0-9]+)[ \t\n\r\f\v]*$/.exec(s);
  if (m === null) return general();
  const [, sign, digits] = m as unknown as [string, string, string];
  if (!base10 && /^0[0-9]+$/.test(digits)) {
    nixThrow(`toInt: Ambiguity in interpretation of ${escapeNixString(s)} between octal and zero padded integer.`);
  }
  const n = BigInt(sign + digits);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return general();
  return n;
}

const WHITESPACE = " \t\r\n";

function trim(s: string, start: boolean, end: boolean): string {
  let [a, b] = [0, s.length];
  while (start && a < b && WHITESPACE.includes(s[a] as string)) a++;
  while (end && b > a && WHITESPACE.includes(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

function fixedWidthString(width: number, filler: string, s: string): string {
  if (s.length > width) nixThrow(`fixedWidthString: requested string length (${width}) must not be shorter than actual length (${s.length})`);
  return filler.repeat(Math.max(0, width - s.length)) + s;
}

export function stringsMoreLib(env: LibEnv): Record<string, Value> {
  const { ctx } = env;
  const feature = (yes: string, no: string) => (flag: Lazy, name: Lazy) => `--${expectBool(flag) ? yes : no}-${text(name)}`;
  const featureAs = (yes: string, no: string) => (flag: Lazy, name: Lazy, value: Lazy) =>
    stringFrom(feature(yes, no)(flag, name) + (expectBool(flag) ? `=${text(value)}` : ""), force(value));
  const pkgName = (x: Lazy, field: "name" | "version"): Value => {
    const v = force(x);
    if (isString(v)) return parseDrvName(text(v))[field];
    const set = v as NixAttrs;
    const direct = set.get(field === "name" ? "pname" : "version");
    return direct ?? parseDrvName(text(set.get("name") ?? nixThrow("getName: the package has no name")))[field];
  };
  return {
    ...versionCompareLib(),
    toInt: fn("toInt", (s) => toInt(s, false)),
    toIntBase10: fn("toIntBase10", (s) => toInt(s, true)),
    getName: fn("getName", (x) => pkgName(x, "name")),
    getVersion: fn("getVersion", (x) => pkgName(x, "version")),
    enableFeature: fn("enableFeature", feature("enable", "disable")),
    enableFeatureAs: fn("enableFeatureAs", featureAs("enable", "disable")),
    withFeature: fn("withFeature", feature("with", "without")),
    withFeatureAs: fn("withFeatureAs", featureAs("with", "without")),
    fixedWidthString: fn("fixedWidthString", (w, filler, s) => fixedWidthString(Number(expectInt(w)), text(filler), text(s))),
    fixedWidthNumber: fn("fixedWidthNumber", (w, n) => fixedWidthString(Number(expectInt(w)), "0", String(nixToString(n)))),
    floatToString: fn("floatToString", (f) => {
      const x = force(f);
      const result = String(nixToString(x));
      if (typeof x === "number" && Number(result) !== x) ctx.warn(`Imprecise conversion from float to string ${result}`);
      return result;
    }),
    trim: fn("trim", (s) => stringFrom(trim(text(s), true, true), force(s))),
    trimWith: fn("trimWith", (opts, s) => {
      const o = force(opts) as NixAttrs;
      return stringFrom(trim(text(s), o.get("start") === true, o.get("end") === true), force(s));
    }),
    levenshtein: fn("levenshtein", (a, b) => BigInt(levenshtein(text(a), text(b)))),
    isStringLike: fn("isStringLike", (v) => isStringLike(force(v))),
    isConvertibleWithToString: fn("isConvertibleWithToString", (v) => isConvertibleWithToString(force(v))),
    isCoercibleToString: fn("isCoercibleToString", (v) => isConvertibleWithToString(force(v))),
    isStorePath: fn("isStorePath", (v) => {
      const x = force(v);
      if (!isStringLike(x)) return false;
      const s = String(nixToString(x));
      // A content-addressed path directly under the root counts too, as in nixpkgs (a workaround for NixOS/nix#12361).
      return s.startsWith("/") && (s.slice(0, s.lastIndexOf("/")) === ctx.storeDir || /^\/[0-9a-z]{52}$/.test(s));
    }),
    toJSON: fn("toJSON", (v) => toJSONValue(v, ctx)),
    fromJSON: fn("fromJSON", (s) => fromJSON(text(s))),
    fileContents: fn("fileContents", (path) => {
      const p = force(path);
      const content = ctx.readFile(p instanceof NixPath ? p.path : text(p));
      return content.endsWith("\n") ? content.slice(0, -1) : content;
    }),
  };
}
