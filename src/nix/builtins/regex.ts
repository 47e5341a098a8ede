/**
 * `builtins.match` and `builtins.split` on POSIX extended regexes (see
 * posix-regex.ts for the translation). `match` must match the whole string
 * and gives the groups (null for a group that took no part) or null.
 * `split` walks the matches as std::regex_iterator does (after an empty
 * match, a non-empty one at the same place, else the search moves one
 * byte on) and gives `[ "before" [groups] "between" … "after" ]`. Where the
 * pattern has an alternation, each split match is the longest one at its
 * start, as std::regex prefers, not JavaScript's first branch.
 * Compiled patterns are cached.
 */
import { EvalError } from "../errors.ts";
import { force, type Lazy, type Value } from "../value.ts";
import { argFrame, forceString, forceStringNoCtx, primop } from "./primop.ts";
import { fromBytes, RegexSyntaxError, toBytes, translateRegex, type TranslatedRegex } from "./posix-regex.ts";

interface Compiled {
  readonly atStart: TranslatedRegex;
  /** The same pattern where `^` can never match (for suffixes of the subject). */
  readonly inside: TranslatedRegex;
  readonly full: RegExp;
  readonly search: RegExp;
  readonly variants: Map<string, RegExp>;
}

const cache = new Map<string, Compiled>();

function compile(re: string): Compiled {
  const hit = cache.get(re);
  if (hit !== undefined) return hit;
  let c: Compiled;
  try {
    const bytes = toBytes(re);
    const atStart = translateRegex(bytes);
    const inside = translateRegex(bytes, "(?!)");
    c = { atStart, inside, full: new RegExp(`^(?:${atStart.source})$`), search: new RegExp(atStart.source, "g"), variants: new Map() };
  } catch (e) {
    if (e instanceof RegexSyntaxError || e instanceof SyntaxError) throw new EvalError(`invalid regular expression '${re}'`);
    throw e;
  }
  if (cache.size > 500) cache.clear();
  cache.set(re, c);
  return c;
}

/** The pattern anchored at the start of a suffix of the subject, with a constraint on where it ends. */
function anchored(c: Compiled, fromStart: boolean, end: string): RegExp {
  const key = `${fromStart ? 1 : 0}${end}`;
  let r = c.variants.get(key);
  if (r === undefined) {
    r = new RegExp(`^(?:${(fromStart ? c.atStart : c.inside).source})${end}`);
    if (c.variants.size > 200) c.variants.clear();
    c.variants.set(key, r);
  }
  return r;
}

interface Found {
  readonly start: number;
  readonly length: number;
  readonly groups: (string | undefined)[];
}

function found(start: number, m: RegExpExecArray): Found {
  return { start, length: m[0].length, groups: m.slice(1) };
}

/** The longest match at `start` if the pattern has an alternation (std::regex tries every branch). */
function longest(c: Compiled, b: string, f: Found): Found {
  if (!c.atStart.alternation) return f;
  const sub = b.slice(f.start);
  let best = f.length;
  for (;;) {
    const m = anchored(c, f.start === 0, `(?<=^[\\s\\S]{${best + 1},})`).exec(sub);
    if (m === null) break;
    best = m[0].length;
  }
  if (best === f.length) return f;
  return found(f.start, anchored(c, f.start === 0, `(?<=^[\\s\\S]{${best}})`).exec(sub) as RegExpExecArray);
}

function searchFrom(c: Compiled, b: string, pos: number): Found | undefined {
  c.search.lastIndex = pos;
  const m = c.search.exec(b);
  return m === null ? undefined : longest(c, b, found(m.index, m));
}

function nonEmptyAt(c: Compiled, b: string, pos: number): Found | undefined {
  const m = anchored(c, pos === 0, "(?<!^)").exec(b.slice(pos));
  return m === null ? undefined : longest(c, b, found(pos, m));
}

const groupList = (groups: (string | undefined)[]): Lazy[] => groups.map((g) => (g === undefined ? null : fromBytes(g)));

export function regexMatch(re: string, s: string): Value {
  const m = compile(re).full.exec(toBytes(s));
  return m === null ? null : groupList(m.slice(1));
}

/** The parts of `builtins.split`, or undefined when nothing matches. */
export function regexSplit(re: string, s: string): Lazy[] | undefined {
  const c = compile(re);
  const b = toBytes(s);
  const out: Lazy[] = [];
  let prevEnd = 0;
  let m = searchFrom(c, b, 0);
  while (m !== undefined) {
    out.push(fromBytes(b.slice(prevEnd, m.start)), groupList(m.groups));
    prevEnd = m.start + m.length;
    if (m.length > 0) m = searchFrom(c, b, prevEnd);
    else if (m.start >= b.length) break;
    else m = nonEmptyAt(c, b, m.start) ?? searchFrom(c, b, m.start + 1);
  }
  if (out.length === 0) return undefined;
  out.push(fromBytes(b.slice(prevEnd)));
  return out;
}

export function regexBuiltins(): Record<string, Value> {
  return {
    match: primop("match", 2, (r, s) =>
      regexMatch(forceStringNoCtx(r, argFrame(0, "match")), forceString(s, argFrame(1, "match")).text),
    ),
    split: primop("split", 2, (r, s) => {
      const re = forceStringNoCtx(r, argFrame(0, "split"));
      const text = forceString(s, argFrame(1, "split")).text;
      return regexSplit(re, text) ?? [force(s)];
    }),
  };
}
