/**
 * More of `lib.strings`: build-system flags (`cmakeOptionType`,
 * `cmakeBool`, `cmakeFeature`, `mesonOption`, `mesonBool`,
 * `mesonEnable`), `sanitizeDerivationName` (a store-path-safe name of at
 * most 207 characters), `splitStringBy` and `toCamelCase`,
 * `commonPrefixLength`/`commonSuffixLength`, `levenshteinAtMost`,
 * `nameFromURL`, `charToInt`, `join` and `replaceString`.
 */
import { force, isString, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { levenshtein } from "../nix/levenshtein.ts";
import { call, fn } from "./fn.ts";
import { expectBool, expectInt, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";

const assertion = (ok: boolean, what: string) => {
  if (!ok) nixThrow(`assertion '${what}' failed`);
};
const CMAKE_TYPES = ["BOOL", "FILEPATH", "PATH", "STRING", "INTERNAL", "LIST"];

function cmakeOptionType(type: string, feature: Value, value: Value): string {
  assertion(CMAKE_TYPES.includes(type.toUpperCase()), "(elem (toUpper type) types)");
  assertion(isString(feature), "(isString feature)");
  assertion(isString(value), "(isString value)");
  return `-D${text(feature)}:${type.toUpperCase()}=${text(value)}`;
}

function mesonOption(feature: Value, value: Value): string {
  assertion(isString(feature), "(lib.isString feature)");
  assertion(isString(value), "(lib.isString value)");
  return `-D${text(feature)}=${text(value)}`;
}

export function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function commonSuffixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** Splits between characters where `split(prev, cur)` holds; the splitting character starts the next part when `keep`. */
function splitBy(split: (prev: string, cur: string) => boolean, keep: boolean, s: string): string[] {
  if (s === "") return [""];
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < s.length; i++) {
    const cur = s[i] as string;
    if (split(i > 0 ? (s[i - 1] as string) : "", cur)) {
      parts.push(current);
      current = keep ? cur : "";
    } else current += cur;
  }
  return [...parts, current];
}

export function sanitizeDerivationName(s: string): string {
  if (s.length <= 207 && /^[A-Za-z0-9+_?=-][A-Za-z0-9+._?=-]*$/.test(s)) return s;
  const cleaned = s.replace(/^\.*/, "").replace(/[^A-Za-z0-9+._?=-]+/g, "-");
  const cut = cleaned.slice(Math.max(cleaned.length - 207, 0));
  return cut === "" ? "unknown" : cut;
}

/** nixpkgs' `charToInt`: the code of a printable ASCII character, a tab, a newline or a carriage return (its ascii-table has no others). */
export function charToInt(s: string): number {
  const code = s.length === 1 ? s.charCodeAt(0) : -1;
  if (!(code === 9 || code === 10 || code === 13 || (code >= 32 && code <= 126))) nixThrow(`attribute '${s}' missing`);
  return code;
}

export function stringsExtraLib(env: LibEnv): Record<string, Value> {
  const toStr = (v: Lazy) => text(call(builtin(env, "toString"), v));
  return {
    join: builtin(env, "concatStringsSep"),
    replaceString: fn("replaceString", (from, to, s) => call(builtin(env, "replaceStrings"), [from], [to], s)),
    storeDir: env.ctx.storeDir,
    cmakeOptionType: fn("cmakeOptionType", (type, feature, value) => cmakeOptionType(text(type), force(feature), force(value))),
    cmakeBool: fn("cmakeBool", (condition, flag) => {
      assertion(isString(force(condition)), "(lib.isString condition)");
      assertion(typeof force(flag) === "boolean", "(lib.isBool flag)");
      return cmakeOptionType("bool", force(condition), expectBool(flag) ? "TRUE" : "FALSE");
    }),
    cmakeFeature: fn("cmakeFeature", (feature, value) => {
      assertion(isString(force(feature)), "(lib.isString feature)");
      assertion(isString(force(value)), "(lib.isString value)");
      return cmakeOptionType("string", force(feature), force(value));
    }),
    mesonOption: fn("mesonOption", (feature, value) => mesonOption(force(feature), force(value))),
    mesonBool: fn("mesonBool", (condition, flag) => {
      assertion(isString(force(condition)), "(lib.isString condition)");
      assertion(typeof force(flag) === "boolean", "(lib.isBool flag)");
      return mesonOption(force(condition), expectBool(flag) ? "true" : "false");
    }),
    mesonEnable: fn("mesonEnable", (feature, flag) => {
      assertion(isString(force(feature)), "(lib.isString feature)");
      assertion(typeof force(flag) === "boolean", "(lib.isBool flag)");
      return mesonOption(force(feature), expectBool(flag) ? "enabled" : "disabled");
    }),
    commonPrefixLength: fn("commonPrefixLength", (a, b) => BigInt(commonPrefixLength(text(a), text(b)))),
    commonSuffixLength: fn("commonSuffixLength", (a, b) => BigInt(commonSuffixLength(text(a), text(b)))),
    levenshteinAtMost: fn("levenshteinAtMost", (k, a, b) => {
      const [x, y] = [text(a), text(b)];
      const n = expectInt(k);
      return n <= 0n ? x === y : Math.abs(x.length - y.length) <= Number(n) && levenshtein(x, y) <= Number(n);
    }),
    nameFromURL: fn("nameFromURL", (url, sep) => {
      const file = toStr(url).split("/").at(-1) as string;
      const name = file.split(toStr(sep))[0] as string;
      if (name === file) nixThrow("assertion '(name != filename)' failed");
      return name;
    }),
    charToInt: fn("charToInt", (c) => {
      const s = text(c);
      return BigInt(charToInt(s));
    }),
    sanitizeDerivationName: fn("sanitizeDerivationName", (s) => sanitizeDerivationName(text(s))),
    splitStringBy: fn("splitStringBy", (pred, keep, s) => {
      const str = force(s);
      return splitBy((p, c) => force(call(pred, p, c)) === true, expectBool(keep), text(str)).map((part) => stringFrom(part, str));
    }),
    toCamelCase: fn("toCamelCase", (s) => {
      const str = force(s);
      if (!isString(str)) nixThrow(`toCamelCase does only accepts string values, but got ${typeOf(str)}`);
      const words = splitBy((_p, c) => c === "-" || c === "_" || c === " ", false, text(str)).flatMap((w) =>
        splitBy((p, c) => /[a-z]/.test(p) && /[A-Z]/.test(c), true, w),
      );
      const sentence = (w: string) => (w === "" ? "" : w[0]!.toUpperCase() + w.slice(1).toLowerCase());
      const out = words.length === 0 ? "" : (words[0] as string).toLowerCase() + words.slice(1).map(sentence).join("");
      return stringFrom(out, str);
    }),
  };
}

