/**
 * String builtins. Nix strings are bytes, so `stringLength` and `substring`
 * count bytes (a substring that cuts a character in two holds its bytes as
 * ../byte-string.ts does, and joining the pieces with `concatStringsSep`
 * gives the character back).
 * Contexts propagate: `substring`, `concatStringsSep`, `replaceStrings`,
 * `baseNameOf` and `dirOf` keep the store paths of their inputs.
 */
import { byteLength, byteSlice, joinStrings } from "../byte-string.ts";
import { mkString, type Coerced } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { force, lazy, NixPath, NixString, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { argFrame, coerceString, forceInt, forceList, forceString, primop, unionContext } from "./primop.ts";

/** Nix's baseNameOf on text: one trailing slash is ignored. */
export function baseName(s: string): string {
  if (s === "") return "";
  let last = s.length - 1;
  if (s[last] === "/" && last > 0) last--;
  const slash = s.lastIndexOf("/", last);
  return s.slice(slash + 1, last + 1);
}

/** Nix's dirOf on text: "." without a slash, "/" for a top-level name. */
export function dirName(s: string): string {
  const slash = s.lastIndexOf("/");
  return slash === -1 ? "." : slash === 0 ? "/" : s.slice(0, slash);
}

function substring(ctx: BuiltinContext, start: Lazy, len: Lazy, str: Lazy): Value {
  const from = forceInt(start, "while evaluating the first argument (the start offset) passed to builtins.substring");
  if (from < 0n) throw new EvalError("negative start position in 'substring'");
  let n = forceInt(len, "while evaluating the second argument (the substring length) passed to builtins.substring");
  if (n < 0n) n = 2n ** 62n;
  if (n === 0n) {
    // An empty substring still carries the context (a cheap way to capture it).
    const v = force(str);
    if (typeof v === "string") return "";
    if (v instanceof NixString) return mkString("", v.context);
  }
  const s = coerceString(ctx, str, "while evaluating the third argument (the string) passed to builtins.substring");
  const total = byteLength(s.text);
  if (from >= BigInt(total)) return mkString("", s.context);
  const count = n > BigInt(total) ? total : Number(n);
  return mkString(byteSlice(s.text, Number(from), count), s.context);
}

function replaceStrings(from: Lazy, to: Lazy, str: Lazy): Value {
  const fromList = forceList(from, argFrame(0, "replaceStrings"));
  const toList = forceList(to, argFrame(1, "replaceStrings"));
  if (fromList.length !== toList.length) {
    throw new EvalError("'from' and 'to' arguments passed to builtins.replaceStrings have different lengths");
  }
  const pats = fromList.map((p) => forceString(p, "while evaluating one of the strings to replace passed to builtins.replaceStrings").text);
  const reps = toList.map((r) => lazy(() => {
    const c = forceString(r, "while evaluating one of the replacement strings passed to builtins.replaceStrings");
    return mkString(c.text, c.context);
  }));
  const s = forceString(str, argFrame(2, "replaceStrings"));
  const contexts: ReadonlySet<string>[] = [s.context];
  const used = (i: number): string => {
    const c = forceString(reps[i] as Lazy, "while evaluating one of the replacement strings passed to builtins.replaceStrings");
    contexts.push(c.context);
    return c.text;
  };
  let out = "";
  const text = s.text;
  for (let p = 0; p <= text.length; ) {
    const i = pats.findIndex((pat) => text.startsWith(pat, p));
    // A character is a code point here (Nix steps over bytes; only "" patterns can tell).
    const step = p < text.length ? String.fromCodePoint(text.codePointAt(p) as number) : "";
    if (i === -1) {
      out += step;
      p += Math.max(step.length, 1);
      continue;
    }
    out += used(i);
    const pat = pats[i] as string;
    if (pat === "") {
      out += step;
      p += Math.max(step.length, 1);
    } else {
      p += pat.length;
    }
  }
  return mkString(out, unionContext(contexts));
}

function concatStringsSep(ctx: BuiltinContext, sep: Lazy, l: Lazy): Value {
  const s = forceString(sep, argFrame(0, "concatStringsSep"));
  const parts: Coerced[] = forceList(l, argFrame(1, "concatStringsSep")).map((x) =>
    coerceString(ctx, x, "while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep"),
  );
  return mkString(joinStrings(parts.map((p) => p.text), s.text), unionContext([s.context, ...parts.map((p) => p.context)]));
}

export function stringBuiltins(ctx: BuiltinContext): Record<string, Value> {
  const noCopy = { coerceMore: false, copyToStore: false };
  return {
    toString: primop("toString", 1, (x) => {
      const c = coerceString(ctx, x, "while evaluating the first argument passed to builtins.toString", { coerceMore: true, copyToStore: false });
      return mkString(c.text, c.context);
    }),
    stringLength: primop("stringLength", 1, (x) =>
      BigInt(byteLength(coerceString(ctx, x, "while evaluating the argument passed to builtins.stringLength").text)),
    ),
    substring: primop("substring", 3, (a, b, c) => substring(ctx, a, b, c)),
    concatStringsSep: primop("concatStringsSep", 2, (a, b) => concatStringsSep(ctx, a, b)),
    replaceStrings: primop("replaceStrings", 3, replaceStrings),
    baseNameOf: primop("baseNameOf", 1, (x) => {
      const c = coerceString(ctx, x, "while evaluating the first argument passed to builtins.baseNameOf", noCopy);
      return mkString(baseName(c.text), c.context);
    }),
    dirOf: primop("dirOf", 1, (x) => {
      const v = force(x);
      if (v instanceof NixPath) return new NixPath(dirName(v.path));
      const c = coerceString(ctx, v, "while evaluating the first argument passed to builtins.dirOf", noCopy);
      return mkString(dirName(c.text), c.context);
    }),
  };
}
