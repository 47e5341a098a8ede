/**
 * `builtins.match` and `builtins.split` over POSIX extended regular
 * expressions, translated to JavaScript ones: character classes such as
 * `[[:alnum:]]`, backslashes literal inside brackets. `match` must cover
 * the whole string and gives the groups (null for a group that took no
 * part); `split` interleaves the text between matches with their groups.
 */
import { EvalError } from "../errors.ts";

const CLASSES: Record<string, string> = {
  alnum: "a-zA-Z0-9",
  alpha: "a-zA-Z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\r\\f\\v",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
};

/** The JavaScript source of a POSIX extended regular expression. */
export function translateRegex(pattern: string): string {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "\\") {
      out += pattern.slice(i, i + 2);
      i += 2;
    } else if (c === "[") {
      const [js, next] = bracket(pattern, i + 1);
      out += js;
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function bracket(p: string, start: number): [string, number] {
  let i = start;
  let out = "[";
  if (p[i] === "^") {
    out += "^";
    i++;
  }
  if (p[i] === "]") {
    out += "\\]";
    i++;
  }
  while (i < p.length && p[i] !== "]") {
    if (p.startsWith("[:", i)) {
      const end = p.indexOf(":]", i + 2);
      if (end < 0) throw new EvalError(`invalid regular expression '${p}'`);
      const name = p.slice(i + 2, end);
      const cls = CLASSES[name];
      if (cls === undefined) throw new EvalError(`invalid regular expression '${p}'`);
      out += cls;
      i = end + 2;
    } else {
      const c = p[i] as string;
      out += c === "\\" || c === "[" ? "\\" + c : c;
      i++;
    }
  }
  if (i >= p.length) throw new EvalError(`invalid regular expression '${p}'`);
  return [out + "]", i + 1];
}

const cache = new Map<string, RegExp>();

function compile(pattern: string, flags: string): RegExp {
  const key = flags + pattern;
  let re = cache.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(flags === "g" ? translateRegex(pattern) : `^(?:${translateRegex(pattern)})$`, flags);
    } catch {
      throw new EvalError(`invalid regular expression '${pattern}'`);
    }
    cache.set(key, re);
  }
  return re;
}

/** The groups of a whole-string match (undefined for a group that did not take part), or null. */
export function regexMatch(pattern: string, s: string): (string | undefined)[] | null {
  const m = compile(pattern, "s").exec(s);
  return m === null ? null : m.slice(1);
}

/** `builtins.split`: text between matches, and each match's groups. */
export function regexSplit(pattern: string, s: string): (string | (string | undefined)[])[] {
  const re = new RegExp(compile(pattern, "g").source, "gs");
  const out: (string | (string | undefined)[])[] = [];
  let last = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push(s.slice(last, m.index), m.slice(1));
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      if (re.lastIndex >= s.length) break;
      re.lastIndex++;
    }
  }
  out.push(s.slice(last));
  return out;
}
