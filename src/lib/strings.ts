/**
 * `lib.strings`, the everyday part: concatenation (concatStringsSep and
 * friends, keeping the contexts of every part), prefixes and suffixes,
 * splitString, replaceStrings, ASCII case, optionalString and search
 * paths (makeBinPath, …). Strings are measured and cut by UTF-8 bytes, as
 * Nix strings are byte strings.
 */
import { force, isString, NixPath, stringText, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, lazyCall } from "./fn.ts";
import { expectAttrs, expectBool, expectInt, expectList, expectString, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { interpolate, nixToString } from "./coercion.ts";
import { getOutput } from "./attrsets-more.ts";
import type { LibEnv } from "./lib-context.ts";

export function concatStringsSep(sep: Value, parts: readonly Value[]): Value {
  return stringFrom(parts.map((p) => stringText(p as string)).join(stringText(sep as string)), sep, ...parts);
}

export function substring(start: number, len: number, s: string): string {
  const bytes = Buffer.from(s, "utf8");
  return bytes.subarray(start, len < 0 ? bytes.length : start + len).toString("utf8");
}

/** `builtins.replaceStrings`: at each position the first matching pattern is replaced; replacements are forced only when used. */
export function replaceStrings(from: readonly string[], to: readonly Lazy[], sv: Value): Value {
  const s = stringText(sv as string);
  const used: Value[] = [];
  const replacement = (i: number): string => {
    const r = expectString(to[i] as Lazy);
    used.push(r);
    return stringText(r);
  };
  let out = "";
  for (let p = 0; p <= s.length; ) {
    const i = from.findIndex((f) => s.startsWith(f, p));
    if (i >= 0) {
      out += replacement(i);
      const len = (from[i] as string).length;
      if (len > 0) {
        p += len;
        continue;
      }
    }
    if (p < s.length) out += s[p];
    p++;
  }
  return stringFrom(out, sv, ...used);
}

export function toUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

export function toLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function splitString(sep: string, s: Value): Value[] {
  const t = stringText(s as string);
  const parts = sep === "" ? ["", ...t, ""] : t.split(sep);
  return parts.map((p) => stringFrom(p, s));
}

export function stringsLib(env: LibEnv): Record<string, Value> {
  const copy = env.ctx.copyToStore;
  const str = (v: Lazy) => interpolate(v, copy);
  const sep = (s: Lazy, parts: readonly Lazy[]) => concatStringsSep(expectString(s), parts.map(str));
  const searchPath = (subDir: Lazy, paths: Lazy) =>
    sep(
      ":",
      expectList(paths)
        .filter((p) => force(p) !== null)
        .map((p) => stringFrom(`${stringText(str(p) as string)}/${text(subDir)}`, str(p))),
    );
  const searchPathOutput = (output: string, subDir: string) =>
    fn("makeSearchPathOutput", (pkgs) => searchPath(subDir, expectList(pkgs).map((p) => (force(p) === null ? null : getOutput(output, force(p))))));
  return {
    concatStrings: fn("concatStrings", (list) => sep("", expectList(list))),
    concatMapStrings: fn("concatMapStrings", (f, list) => sep("", expectList(list).map((x) => lazyCall(f, x)))),
    concatImapStrings: fn("concatImapStrings", (f, list) => sep("", expectList(list).map((x, i) => lazyCall(f, BigInt(i + 1), x)))),
    concatMapStringsSep: fn("concatMapStringsSep", (s, f, list) => sep(s, expectList(list).map((x) => lazyCall(f, x)))),
    concatImapStringsSep: fn("concatImapStringsSep", (s, f, list) => sep(s, expectList(list).map((x, i) => lazyCall(f, BigInt(i + 1), x)))),
    concatMapAttrsStringSep: fn("concatMapAttrsStringSep", (s, f, set) => {
      const a = expectAttrs(set);
      return sep(s, a.keys().map((k) => lazyCall(f, k, a.lazy(k) as Lazy)));
    }),
    concatLines: fn("concatLines", (list) => sep("", expectList(list).map((x) => stringFrom(`${stringText(str(x) as string)}\n`, str(x))))),
    intersperse: fn("intersperse", (s, list) => expectList(list).flatMap((x, i) => (i === 0 ? [x] : [s, x]))),
    replicate: fn("replicate", (n, s) => stringFrom(text(s).repeat(Math.max(0, Number(expectInt(n)))), force(s))),
    optionalString: fn("optionalString", (cond, s) => (expectBool(cond) ? force(s) : "")),
    hasInfix: fn("hasInfix", (infix, s) => stringText(str(s) as string).includes(text(infix))),
    splitString: fn("splitString", (s, v) => splitString(stringText(nixToString(s) as string), nixToString(v))),
    stringToCharacters: fn("stringToCharacters", (s) => [...Buffer.from(text(s), "utf8")].map((_, i) => substring(i, 1, text(s)))),
    stringAsChars: fn("stringAsChars", (f, s) => sep("", [...text(s)].map((c) => lazyCall(f, c)))),
    replaceChars: fn("replaceChars", (from, to, s) => replaceStrings(expectList(from).map(text), expectList(to), expectString(s))),
    lowerChars: [..."abcdefghijklmnopqrstuvwxyz"],
    upperChars: [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
    toLower: fn("toLower", (s) => stringFrom(toLower(text(s)), force(s))),
    toUpper: fn("toUpper", (s) => stringFrom(toUpper(text(s)), force(s))),
    toSentenceCase: fn("toSentenceCase", (s) => {
      const v = force(s);
      if (!isString(v)) nixThrow(`toSentenceCase does only accepts string values, but got ${typeOf(v)}`);
      const t = text(v);
      return stringFrom(toUpper(t.slice(0, 1)) + toLower(t.slice(1)), force(s));
    }),
    addContextFrom: fn("addContextFrom", (src, target) => stringFrom(text(target), force(src), force(target))),
    makeSearchPath: fn("makeSearchPath", searchPath),
    makeSearchPathOutput: fn("makeSearchPathOutput", (output, subDir, pkgs) => call(searchPathOutput(text(output), text(subDir)), pkgs)),
    makeBinPath: searchPathOutput("bin", "bin"),
    makeLibraryPath: searchPathOutput("lib", "lib"),
    makeIncludePath: searchPathOutput("dev", "include"),
    normalizePath: fn("normalizePath", (s) => {
      const v = force(s);
      if (v instanceof NixPath) return v;
      return stringFrom(text(v).replace(/\/\/+/g, "/"), v);
    }),
    isString: fn("isString", (v) => isString(force(v))),
  };
}
