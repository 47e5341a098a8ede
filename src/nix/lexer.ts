/**
 * The Nix lexer: a hand-written version of Nix's stateful flex scanner
 * (longest match; on a tie the earlier rule wins, so keywords beat IDs).
 * It turns the whole source into a flat token array. The scanner states
 * (DEFAULT, STRING, IND_STRING, INPATH, INPATH_SLASH) live on a stack:
 * `${` and `{` push DEFAULT and `}` pops, so braces nest inside
 * interpolations. Strings come out as `"` STR… `${` … `}` … `"`; indented
 * strings as IND_STRING_OPEN, IND_STR/IND_ESC pieces, IND_STRING_CLOSE;
 * paths as PATH (then STR/`${` pieces) and a closing PATH_END.
 *
 * Lexing errors ("path has a trailing slash", "invalid integer",
 * unterminated comments) are collected, not thrown; the lexer resumes after
 * them so the parser can report every error of a file at once.
 *
 * This file is over the 400-line habit on purpose: the scanner's rules are
 * one table of interdependent cases (see the style guide's lexer exception).
 */
import { nulBytesMessage } from "./nul-bytes.ts";
import { RunEnds } from "./run-ends.ts";

export type TokType =
  | "ID" | "INT" | "FLOAT" | "PATH" | "HPATH" | "SPATH" | "URI"
  | "STR" | "IND_STR" | "IND_ESC" | "IND_STRING_OPEN" | "IND_STRING_CLOSE" | "PATH_END"
  | "DOLLAR_CURLY" | "EOF"
  | "IF" | "THEN" | "ELSE" | "ASSERT" | "WITH" | "LET" | "IN" | "REC" | "INHERIT" | "OR_KW"
  | "ELLIPSIS" | "EQ" | "NEQ" | "LEQ" | "GEQ" | "AND" | "OR" | "IMPL" | "UPDATE" | "CONCAT"
  | "PIPE_FROM" | "PIPE_INTO"
  | "{" | "}" | "[" | "]" | "(" | ")" | ";" | ":" | "," | "." | "=" | "@" | "?" | "!"
  | "+" | "-" | "*" | "/" | "<" | ">" | '"' | "ERROR";

export interface Token {
  readonly type: TokType;
  /** Source text, or the unescaped text for STR / IND_STR / IND_ESC. */
  readonly text: string;
  /** 0-based offset of the first character. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface LexError {
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

const KEYWORDS: Readonly<Record<string, TokType>> = {
  if: "IF", then: "THEN", else: "ELSE", assert: "ASSERT", with: "WITH",
  let: "LET", in: "IN", rec: "REC", inherit: "INHERIT", or: "OR_KW",
};

const MULTI_OPS: ReadonlyArray<readonly [string, TokType]> = [
  ["...", "ELLIPSIS"], ["==", "EQ"], ["!=", "NEQ"], ["<=", "LEQ"], [">=", "GEQ"], ["&&", "AND"],
  ["||", "OR"], ["->", "IMPL"], ["//", "UPDATE"], ["++", "CONCAT"], ["<|", "PIPE_FROM"], ["|>", "PIPE_INTO"],
];

const SINGLE = new Set("{}[]();:,.=@?!+-*/<>");

// The regular expressions of lexer.l, anchored with the sticky flag.
const RE_ID = /[a-zA-Z_][a-zA-Z0-9_'-]*/y;
const RE_INT = /[0-9]+/y;
const RE_FLOAT = /(?:(?:[1-9][0-9]*\.[0-9]*)|(?:0?\.[0-9]+))(?:[Ee][+-]?[0-9]+)?/y;
const RE_PATH = /[a-zA-Z0-9._+-]*(?:\/[a-zA-Z0-9._+-]+)+\/?/y;
const RE_PATH_SEG_DOLLAR = /[a-zA-Z0-9._+-]*\/\$\{/y;
const RE_HPATH = /~(?:\/[a-zA-Z0-9._+-]+)+\/?/y;
const RE_HPATH_START_DOLLAR = /~\/\$\{/y;
const RE_SPATH = /<[a-zA-Z0-9._+-]+(?:\/[a-zA-Z0-9._+-]+)*>/y;
const RE_URI = /[a-zA-Z][a-zA-Z0-9+.-]*:[a-zA-Z0-9%/?:@&=+$,_.!~*'-]+/y;
const RE_IN_PATH = /(?:[a-zA-Z0-9._+-]*(?:\/[a-zA-Z0-9._+-]+)+\/?)|(?:[a-zA-Z0-9._+-]*\/)|(?:[a-zA-Z0-9._+-]+)/y;

/** Whether the character at `i` ends a line for positions: LF, or a CR not followed by LF (as Nix counts them). */
function endsLine(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  return c === 10 || (c === 13 && src.charCodeAt(i + 1) !== 10);
}

/** `[a-zA-Z_]` */
function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `[a-zA-Z0-9_'-]` */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function matchAt(re: RegExp, src: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(src);
  return m === null ? 0 : m[0].length;
}

type State = "DEFAULT" | "STRING" | "IND_STRING" | "INPATH" | "INPATH_SLASH";

export interface LexResult {
  readonly tokens: Token[];
  readonly errors: LexError[];
}

/** Tokenises a whole Nix source text. */
export function lex(src: string): LexResult {
  return new Lexer(src).run();
}

class Lexer {
  readonly #src: string;
  #pos = 0;
  #line = 1;
  #col = 1;
  readonly #states: State[] = ["DEFAULT"];
  readonly #tokens: Token[] = [];
  readonly #errors: LexError[] = [];
  // The path and URI rules can only match where a run of their characters is followed by `/` or `:`.
  readonly #pathRuns = new RunEnds(/[a-zA-Z0-9._+-]*/y);
  readonly #uriRuns = new RunEnds(/[a-zA-Z0-9+.-]*/y);
  /** Start of the last lexeme (token, whitespace run or comment): where Bison reports end of file. */
  #lastLexeme = 0;

  constructor(src: string) {
    this.#src = src;
  }

  run(): LexResult {
    const src = this.#src;
    while (this.#pos < src.length) {
      const state = this.#states[this.#states.length - 1] as State;
      if (state === "STRING") this.#stringPart();
      else if (state === "IND_STRING") this.#indStringPart();
      else if (state === "INPATH" || state === "INPATH_SLASH") this.#pathPart(state);
      else this.#defaultToken();
    }
    const state = this.#states[this.#states.length - 1];
    if (state === "INPATH") this.#push("PATH_END", "", this.#pos);
    else if (state === "INPATH_SLASH") this.#error("path has a trailing slash", this.#tokens.at(-1)?.offset ?? this.#pos);
    this.#push("EOF", "", Math.max(this.#lastLexeme, this.#tokens.at(-1)?.offset ?? 0));
    return { tokens: this.#tokens, errors: this.#errors };
  }

  /** Moves the position forward to `to`, tracking lines and columns. */
  #advance(to: number): void {
    const src = this.#src;
    for (let i = this.#pos; i < to; i++) {
      if (endsLine(src, i)) {
        this.#line++;
        this.#col = 1;
      } else this.#col++;
    }
    this.#pos = to;
  }

  #posOf(offset: number): { line: number; column: number } {
    const from = offset < this.#pos ? 0 : this.#pos;
    let line = offset < this.#pos ? 1 : this.#line;
    let column = offset < this.#pos ? 1 : this.#col;
    for (let i = from; i < offset; i++) {
      if (endsLine(this.#src, i)) {
        line++;
        column = 1;
      } else column++;
    }
    return { line, column };
  }

  #push(type: TokType, text: string, start: number): void {
    const { line, column } = this.#posOf(start);
    this.#tokens.push({ type, text, offset: start, line, column });
  }

  /** Emits a token spanning [pos, end) and moves past it. */
  #emit(type: TokType, text: string, end: number): void {
    this.#tokens.push({ type, text, offset: this.#pos, line: this.#line, column: this.#col });
    this.#advance(end);
  }

  #error(message: string, offset: number): void {
    const { line, column } = this.#posOf(offset);
    this.#errors.push({ message, offset, line, column });
  }

  /** Nix strings are C strings: a NUL byte in a literal is refused where the literal's text starts. */
  #checkNul(text: string, offset: number): void {
    if (text.includes("\0")) this.#error(nulBytesMessage(text), offset);
  }

  #pushState(s: State): void {
    this.#states.push(s);
  }

  #popState(): void {
    if (this.#states.length > 1) this.#states.pop();
  }

  #defaultToken(): void {
    const src = this.#src;
    const pos = this.#pos;
    this.#lastLexeme = pos;
    const c = src[pos] as string;
    // Whitespace and comments.
    const code = src.charCodeAt(pos);
    if (code === 32 || code === 9 || code === 13 || code === 10) {
      let end = pos + 1;
      for (let k = src.charCodeAt(end); k === 32 || k === 9 || k === 13 || k === 10; k = src.charCodeAt(++end));
      this.#advance(end);
      return;
    }
    if (c === "#") {
      let end = pos + 1;
      while (end < src.length && src[end] !== "\n" && src[end] !== "\r") end++;
      this.#advance(end);
      return;
    }
    if (c === "/" && src[pos + 1] === "*") {
      const close = src.indexOf("*/", pos + 2);
      if (close < 0) {
        // Nix's scanner does not match an unterminated comment: `/` is an operator there.
        this.#emit("/", "/", pos + 1);
        return;
      }
      this.#advance(close + 2);
      return;
    }
    if (this.#fastToken(code, pos)) return;
    // Candidates by longest match, earlier rule wins ties.
    let bestLen = 0;
    let best: TokType | "KW" | "PATH_DOLLAR" | "HPATH_DOLLAR" | "SINGLE" | undefined;
    const consider = (len: number, type: typeof best): void => {
      if (len > bestLen) {
        bestLen = len;
        best = type;
      }
    };
    for (const [op, type] of MULTI_OPS) if (src.startsWith(op, pos)) consider(op.length, type);
    const idLen = matchAt(RE_ID, src, pos);
    if (idLen > 0) {
      const word = src.slice(pos, pos + idLen);
      consider(idLen, Object.hasOwn(KEYWORDS, word) ? "KW" : "ID");
    }
    consider(matchAt(RE_INT, src, pos), "INT");
    consider(matchAt(RE_FLOAT, src, pos), "FLOAT");
    if (src.startsWith("${", pos)) consider(2, "DOLLAR_CURLY");
    if (src.startsWith("''", pos)) consider(2, "IND_STRING_OPEN");
    const slashAfterRun = src.charCodeAt(this.#pathRuns.at(src, pos)) === 47;
    if (slashAfterRun) consider(matchAt(RE_PATH_SEG_DOLLAR, src, pos), "PATH_DOLLAR");
    consider(matchAt(RE_HPATH_START_DOLLAR, src, pos), "HPATH_DOLLAR");
    if (slashAfterRun) consider(matchAt(RE_PATH, src, pos), "PATH");
    consider(matchAt(RE_HPATH, src, pos), "HPATH");
    consider(matchAt(RE_SPATH, src, pos), "SPATH");
    if (src.charCodeAt(this.#uriRuns.at(src, pos)) === 58) consider(matchAt(RE_URI, src, pos), "URI");
    if (bestLen === 0) consider(1, SINGLE.has(c) || c === '"' ? "SINGLE" : "ERROR");
    const text = src.slice(pos, pos + bestLen);
    switch (best) {
      case "KW":
        this.#emit(KEYWORDS[text] as TokType, text, pos + bestLen);
        return;
      case "INT":
        if (BigInt(text) > 0x7fffffffffffffffn) this.#error(`invalid integer '${text}'`, pos);
        this.#emit("INT", text, pos + bestLen);
        return;
      case "DOLLAR_CURLY":
        this.#pushState("DEFAULT");
        this.#emit("DOLLAR_CURLY", text, pos + 2);
        return;
      case "IND_STRING_OPEN": {
        // `''( *\n)?`: the opener also eats spaces and one newline after it.
        let end = pos + 2;
        while (src[end] === " ") end++;
        if (src[end] === "\n") end++;
        else end = pos + 2;
        this.#pushState("IND_STRING");
        this.#emit("IND_STRING_OPEN", "''", end);
        return;
      }
      case "PATH_DOLLAR":
      case "HPATH_DOLLAR": {
        const segLen = bestLen - 2;
        this.#pushState("INPATH_SLASH");
        this.#emit(best === "PATH_DOLLAR" ? "PATH" : "HPATH", src.slice(pos, pos + segLen), pos + segLen);
        return;
      }
      case "PATH":
      case "HPATH":
        this.#pushState(text.endsWith("/") ? "INPATH_SLASH" : "INPATH");
        this.#emit(best, text, pos + bestLen);
        return;
      case "SINGLE":
        if (c === "{") this.#pushState("DEFAULT");
        else if (c === "}") this.#popState();
        else if (c === '"') this.#pushState("STRING");
        this.#emit(c as TokType, c, pos + 1);
        return;
      case "ERROR":
        this.#emit("ERROR", c, pos + 1);
        return;
      default:
        this.#emit(best as TokType, text, pos + bestLen);
    }
  }

  /**
   * The common tokens whose longest match needs no rule race: identifiers
   * and keywords not followed by a path or URI continuation, integers not
   * followed by `.` or a path, and punctuation no longer rule can start.
   * False when the general rules must decide.
   */
  #fastToken(code: number, pos: number): boolean {
    const src = this.#src;
    if (isIdStart(code)) {
      let end = pos + 1;
      while (isIdChar(src.charCodeAt(end))) end++;
      if (src.charCodeAt(this.#pathRuns.at(src, pos)) === 47) return false;
      if (code !== 95 && src.charCodeAt(this.#uriRuns.at(src, pos)) === 58) return false;
      const word = src.slice(pos, end);
      this.#emit(Object.hasOwn(KEYWORDS, word) ? (KEYWORDS[word] as TokType) : "ID", word, end);
      return true;
    }
    if (code >= 48 && code <= 57) {
      let end = pos + 1;
      while (isDigit(src.charCodeAt(end))) end++;
      if (src.charCodeAt(end) === 46 || src.charCodeAt(this.#pathRuns.at(src, pos)) === 47) return false;
      const text = src.slice(pos, end);
      if (text.length > 18 && BigInt(text) > 0x7fffffffffffffffn) this.#error(`invalid integer '${text}'`, pos);
      this.#emit("INT", text, end);
      return true;
    }
    const next = src.charCodeAt(pos + 1);
    switch (code) {
      case 123: // {
        this.#pushState("DEFAULT");
        this.#emit("{", "{", pos + 1);
        return true;
      case 125: // }
        this.#popState();
        this.#emit("}", "}", pos + 1);
        return true;
      case 34: // "
        this.#pushState("STRING");
        this.#emit('"', '"', pos + 1);
        return true;
      case 91: case 93: case 40: case 41: case 59: case 44: case 64: case 63: case 42: { // [ ] ( ) ; , @ ? *
        const c = src[pos] as TokType;
        this.#emit(c, c, pos + 1);
        return true;
      }
      case 58: // :
        this.#emit(":", ":", pos + 1);
        return true;
      case 61: // = ==
        if (next === 61) this.#emit("EQ", "==", pos + 2);
        else this.#emit("=", "=", pos + 1);
        return true;
      case 33: // ! !=
        if (next === 61) this.#emit("NEQ", "!=", pos + 2);
        else this.#emit("!", "!", pos + 1);
        return true;
    }
    return false;
  }

  /** Inside "…": literal text with escapes, `${`, or the closing quote. */
  #stringPart(): void {
    const src = this.#src;
    const start = this.#pos;
    if (src.startsWith("${", start)) {
      this.#pushState("DEFAULT");
      this.#emit("DOLLAR_CURLY", "${", start + 2);
      return;
    }
    if (src[start] === '"') {
      this.#popState();
      this.#emit('"', '"', start + 1);
      return;
    }
    let out = "";
    let i = start;
    while (i < src.length) {
      const ch = src[i] as string;
      if (ch === '"') break;
      if (ch === "$") {
        const next = src[i + 1];
        if (next === "{") break;
        if (next === "$") {
          // `$$` is consumed as a pair, so `$${` is literal.
          out += "$$";
          i += 2;
          continue;
        }
        out += "$";
        i++;
        continue;
      }
      if (ch === "\\") {
        if (i + 1 >= src.length) {
          i++;
          break;
        }
        const e = src[i + 1] as string;
        if (e === "\r" && src[i + 2] === "\n") {
          out += "\n";
          i += 3;
          continue;
        }
        out += e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e === "\r" ? "\n" : e;
        i += 2;
        continue;
      }
      if (ch === "\r") {
        // A raw CR or CRLF becomes LF.
        out += "\n";
        i += src[i + 1] === "\n" ? 2 : 1;
        continue;
      }
      out += ch;
      i++;
    }
    this.#checkNul(out, start);
    this.#emit("STR", out, i);
  }

  /** Inside ''…'': literal runs, escape tokens, `${`, or the closing ''. */
  #indStringPart(): void {
    const src = this.#src;
    const start = this.#pos;
    if (src.startsWith("${", start)) {
      this.#pushState("DEFAULT");
      this.#emit("DOLLAR_CURLY", "${", start + 2);
      return;
    }
    if (src.startsWith("''", start)) {
      const third = src[start + 2];
      if (third === "$") return this.#emit("IND_ESC", "$", start + 3);
      if (third === "'") return this.#emit("IND_ESC", "''", start + 3);
      if (third === "\\" && start + 3 < src.length) {
        const e = src[start + 3] as string;
        const text = e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e;
        this.#checkNul(text, start);
        return this.#emit("IND_ESC", text, start + 4);
      }
      this.#popState();
      this.#emit("IND_STRING_CLOSE", "''", start + 2);
      return;
    }
    if (src[start] === "$" || src[start] === "'") {
      // A lone `$` (or `$` before `'`) and a lone `'` are single-character tokens.
      const ch = src[start] as string;
      if (ch === "$" && src[start + 1] !== "{" && src[start + 1] !== "'" && start + 1 < src.length) {
        // `$x` belongs to the literal run below.
      } else if (ch === "'" && src[start + 1] !== "'" && src[start + 1] !== "$" && start + 1 < src.length) {
        // `'x` belongs to the literal run below.
      } else return this.#emit("IND_ESC", ch, start + 1);
    }
    // ([^$']|\$[^{']|'[^'$])+
    let i = start;
    while (i < src.length) {
      const ch = src[i];
      if (ch === "$") {
        const n = src[i + 1];
        if (n === undefined || n === "{" || n === "'") break;
        i += 2;
        continue;
      }
      if (ch === "'") {
        const n = src[i + 1];
        if (n === undefined || n === "'" || n === "$") break;
        i += 2;
        continue;
      }
      i++;
    }
    this.#checkNul(src.slice(start, i), start);
    this.#emit("IND_STR", src.slice(start, i), i);
  }

  /** After a path literal: more path characters or `${` continue it; anything else ends it. */
  #pathPart(state: "INPATH" | "INPATH_SLASH"): void {
    const src = this.#src;
    const start = this.#pos;
    if (src.startsWith("${", start)) {
      this.#popState();
      this.#pushState("INPATH");
      this.#pushState("DEFAULT");
      this.#emit("DOLLAR_CURLY", "${", start + 2);
      return;
    }
    const len = matchAt(RE_IN_PATH, src, start);
    if (len > 0) {
      const text = src.slice(start, start + len);
      this.#popState();
      this.#pushState(text.endsWith("/") ? "INPATH_SLASH" : "INPATH");
      this.#emit("STR", text, start + len);
      return;
    }
    this.#popState();
    if (state === "INPATH_SLASH") {
      this.#error("path has a trailing slash", start);
      this.#push("PATH_END", "", start);
      return;
    }
    this.#push("PATH_END", "", start);
  }
}
