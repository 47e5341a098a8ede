/**
 * POSIX extended regular expressions (as Nix compiles them with C++
 * std::regex::extended) translated to JavaScript RegExp source.
 *
 * Nix matches bytes, so both the pattern and the subject are handled as
 * "byte strings" (each UTF-8 byte one char, see toBytes): `.` then matches
 * one byte and `[é]` the bytes of "é", exactly as in Nix. Differences from
 * JavaScript handled here: `\` is literal inside brackets; `\c` outside
 * brackets is the literal c for the special characters `.[\()*+?{|^$` and
 * an error for any other (so `\d` and `\n` are invalid); `[:alpha:]` and the other
 * POSIX classes (C locale); `.` matches newlines; a quantifier after a
 * quantifier applies to the whole (`a*?` is `(a*)?`, never lazy); `{` must
 * start a valid interval. Invalid patterns throw RegexSyntaxError.
 */
import { decodeBytes, encodeBytes } from "../byte-string.ts";

export class RegexSyntaxError extends Error {}

export interface TranslatedRegex {
  /** JavaScript source; `^` and `$` are anchors, no flags needed. */
  readonly source: string;
  /** Number of capturing groups. */
  readonly groups: number;
  /** Has an alternation, where POSIX prefers the longer branch and JavaScript the first. */
  readonly alternation: boolean;
}

/** The bytes `s` stands for (../byte-string.ts), one char per byte. */
export function toBytes(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : encodeBytes(s).toString("latin1");
}

/** Back from a byte string to text. */
export function fromBytes(b: string): string {
  return /^[\x00-\x7f]*$/.test(b) ? b : decodeBytes(Buffer.from(b, "latin1"));
}

const CLASSES: Readonly<Record<string, string>> = {
  alpha: "A-Za-z",
  digit: "0-9",
  d: "0-9",
  alnum: "0-9A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  s: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
  xdigit: "0-9A-Fa-f",
  w: "0-9A-Za-z_",
};

/** A byte as it may appear in JavaScript source inside or outside a class. */
function lit(ch: string, inClass: boolean): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20 || c > 0x7e) return `\\x${c.toString(16).padStart(2, "0")}`;
  const special = inClass ? "\\]^-[" : "\\^$.|?*+()[]{}/";
  return special.includes(ch) ? `\\${ch}` : ch;
}

/** Parses the bracket expression starting at `re[start]` ("["); returns its JS class and the index after it. */
function bracket(re: string, start: number): [string, number] {
  let i = start + 1;
  let out = "[";
  if (re[i] === "^") {
    out += "^";
    i++;
  }
  let first = true;
  const element = (): string => {
    const c = re[i];
    if (c === "[" && (re[i + 1] === "." || re[i + 1] === "=")) {
      const close = re.indexOf(`${re[i + 1]}]`, i + 2);
      if (close !== i + 3) throw new RegexSyntaxError("invalid collating element");
      const ch = re[i + 2] as string;
      i = close + 2;
      return ch;
    }
    i++;
    return c as string;
  };
  for (;;) {
    if (i >= re.length) throw new RegexSyntaxError("unterminated bracket expression");
    const c = re[i];
    if (c === "]" && !first) break;
    first = false;
    if (c === "[" && re[i + 1] === ":") {
      const close = re.indexOf(":]", i + 2);
      if (close === -1) throw new RegexSyntaxError("unterminated character class");
      const cls = CLASSES[re.slice(i + 2, close)];
      if (cls === undefined) throw new RegexSyntaxError("invalid character class");
      out += cls;
      i = close + 2;
      continue;
    }
    const lo = element();
    if (re[i] === "-" && i + 1 < re.length && re[i + 1] !== "]") {
      i++;
      const hi = element();
      if (hi < lo) throw new RegexSyntaxError("invalid range in bracket expression");
      out += `${lit(lo, true)}-${lit(hi, true)}`;
    } else {
      out += lit(lo, true);
    }
  }
  return [out + "]", i + 1];
}

/** What a backslash may escape in std::regex::extended (anything else is an error under strict ANSI). */
const ESCAPABLE = ".[\\()*+?{|^$";

const INTERVAL = /\{([0-9]+)(,([0-9]*))?\}/y;

/**
 * Translates `re` (a byte string). `bol` is what the `^` anchor becomes:
 * "(?!)" for matching a suffix of the subject where `^` cannot match.
 */
export function translateRegex(re: string, bol = "^"): TranslatedRegex {
  let out = "";
  let groups = 0;
  let alternation = false;
  const open: number[] = [];
  // Where the last quantifiable atom starts in `out`, and whether it is already quantified.
  let atom: number | undefined;
  let quantified = false;
  const quantify = (q: string) => {
    if (atom === undefined) throw new RegexSyntaxError("nothing to repeat");
    if (quantified) out = `${out.slice(0, atom)}(?:${out.slice(atom)})`;
    out += q;
    quantified = true;
  };
  const addAtom = (src: string) => {
    atom = out.length;
    quantified = false;
    out += src;
  };
  for (let i = 0; i < re.length; ) {
    const c = re[i] as string;
    if (c === "\\") {
      if (i + 1 >= re.length || !ESCAPABLE.includes(re[i + 1] as string)) throw new RegexSyntaxError("invalid escape");
      addAtom(lit(re[i + 1] as string, false));
      i += 2;
    } else if (c === "[") {
      const [cls, next] = bracket(re, i);
      addAtom(cls);
      i = next;
    } else if (c === "(") {
      open.push(out.length);
      groups++;
      out += "(";
      atom = undefined;
      i++;
    } else if (c === ")") {
      const start = open.pop();
      if (start === undefined) throw new RegexSyntaxError("unmatched parenthesis");
      out += ")";
      atom = start;
      quantified = false;
      i++;
    } else if (c === "|") {
      alternation = true;
      out += "|";
      atom = undefined;
      i++;
    } else if (c === "^" || c === "$") {
      out += c === "^" ? bol : c;
      atom = undefined;
      i++;
    } else if (c === ".") {
      addAtom("[\\s\\S]");
      i++;
    } else if (c === "*" || c === "+" || c === "?") {
      quantify(c);
      i++;
    } else if (c === "{") {
      INTERVAL.lastIndex = i;
      const m = INTERVAL.exec(re);
      if (m === null) throw new RegexSyntaxError("invalid interval");
      if (m[3] !== undefined && m[3] !== "" && Number(m[3]) < Number(m[1])) throw new RegexSyntaxError("invalid interval");
      quantify(m[0]);
      i += m[0].length;
    } else {
      addAtom(lit(c, false));
      i++;
    }
  }
  if (open.length > 0) throw new RegexSyntaxError("unmatched parenthesis");
  return { source: out, groups, alternation };
}
