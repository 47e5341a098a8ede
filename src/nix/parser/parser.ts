/**
 * A recursive-descent parser for Nix following the grammar of C++ Nix's
 * parser.y (see the reference, §1.2–1.3): lambdas, `assert`/`with`/`let`/
 * `if` extend to the right; binary operators are parsed by precedence
 * climbing with Nix's associativity (non-associative comparisons reject
 * chains); application arguments and list items are selects.
 *
 * Syntax errors use Bison's wording ("syntax error, unexpected '}',
 * expecting ';'"). The parser recovers inside binding groups (it skips to
 * the next `;`), so one run reports the errors of every broken binding.
 *
 * This file exceeds the 400-line habit: the grammar is one mutually
 * recursive unit, like rnix's parser.rs.
 */
import type { Span } from "../../diagnostics/location.ts";
import type { AttrName, Bindings, EAttrs, Expr, Formal, ELambda, BinaryOp } from "../ast.ts";
import { lex, type Token, type TokType } from "../lexer.ts";
import { addAttr, emptyBindings } from "./bindings.ts";
import { stripIndentation, type IndPart } from "./indentation.ts";
import { resolvePath } from "../canon-path.ts";
import { CursedOr } from "./cursed-or.ts";

export interface ParseProblem {
  readonly message: string;
  readonly span: Span;
}

class SyntaxError_ extends Error {}

/** Bison's names for tokens in "unexpected …" messages. */
function tokenName(t: Token): string {
  switch (t.type) {
    case "EOF":
      return "end of file";
    case "ID": case "INT": case "FLOAT": case "PATH": case "HPATH": case "SPATH": case "URI": case "STR":
    case "IND_STR": case "IND_STRING_OPEN": case "IND_STRING_CLOSE": case "PATH_END": case "DOLLAR_CURLY":
    case "IF": case "THEN": case "ELSE": case "ASSERT": case "WITH": case "LET": case "IN": case "REC": case "INHERIT":
    case "ELLIPSIS": case "EQ": case "NEQ": case "LEQ": case "GEQ": case "AND": case "OR": case "IMPL":
    case "UPDATE": case "CONCAT": case "PIPE_FROM": case "PIPE_INTO":
      return t.type;
    case "OR_KW":
      return "OR_KW";
    case "IND_ESC":
      return "IND_STR";
    case "ERROR":
      return "invalid token";
    default:
      return `'${t.type}'`;
  }
}

const EXPECT_NAMES: Partial<Record<TokType, string>> = { EOF: "end of file" };
const expectName = (t: TokType): string => EXPECT_NAMES[t] ?? (/^[A-Z_]+$/.test(t) ? t : `'${t}'`);

/** Binary operators: binding power (higher binds tighter) and associativity. */
const BINARY: Partial<Record<TokType, { op: BinaryOp; power: number; assoc: "left" | "right" | "none" }>> = {
  IMPL: { op: "->", power: 1, assoc: "right" },
  OR: { op: "||", power: 2, assoc: "left" },
  AND: { op: "&&", power: 3, assoc: "left" },
  EQ: { op: "==", power: 4, assoc: "none" },
  NEQ: { op: "!=", power: 4, assoc: "none" },
  "<": { op: "<", power: 5, assoc: "none" },
  LEQ: { op: "<=", power: 5, assoc: "none" },
  ">": { op: ">", power: 5, assoc: "none" },
  GEQ: { op: ">=", power: 5, assoc: "none" },
  UPDATE: { op: "//", power: 6, assoc: "right" },
  "+": { op: "+", power: 8, assoc: "left" },
  "-": { op: "-", power: 8, assoc: "left" },
  "*": { op: "*", power: 9, assoc: "left" },
  "/": { op: "/", power: 9, assoc: "left" },
  CONCAT: { op: "++", power: 10, assoc: "right" },
};
const NOT_POWER = 7;
const HAS_POWER = 11;

/** Tokens that can start an application argument (a `select`). */
const STARTS_SIMPLE = new Set<TokType>([
  "ID", "INT", "FLOAT", '"', "IND_STRING_OPEN", "PATH", "HPATH", "SPATH", "URI", "(", "[", "{", "REC",
]);

/** +1 for a token that opens a bracket, -1 for one that closes it. */
function bracketDepth(t: TokType | undefined): number {
  if (t === "{" || t === "(" || t === "[" || t === "DOLLAR_CURLY") return 1;
  return t === "}" || t === ")" || t === "]" ? -1 : 0;
}

export interface ParseOutput {
  readonly expr: Expr | undefined;
  readonly problems: ParseProblem[];
  /** Warnings (Nix's "cursed or"), in source order, each with its location. */
  readonly warnings: ParseProblem[];
}

/** Parses a source text into an AST (no scope resolution; see scope.ts). */
export function parseSyntax(src: string, file: string, baseDir: string): ParseOutput {
  return new Parser(src, file, baseDir).parseFile();
}

class Parser {
  readonly #src: string;
  readonly #file: string;
  readonly #baseDir: string;
  readonly #toks: Token[];
  #i = 0;
  readonly #problems: ParseProblem[] = [];
  readonly #cursedOr: CursedOr;
  /** Spans of the names #keepName defined: a later binding of the name replaces them. */
  readonly #kept = new WeakSet<Span>();

  constructor(src: string, file: string, baseDir: string) {
    this.#src = src;
    this.#file = file;
    this.#baseDir = baseDir;
    const { tokens, errors } = lex(src);
    this.#toks = tokens;
    this.#cursedOr = new CursedOr(src);
    for (const e of errors) this.#problems.push({ message: e.message, span: { file, line: e.line, column: e.column } });
  }

  parseFile(): ParseOutput {
    let expr: Expr | undefined;
    try {
      expr = this.#expr();
      if (this.#peek().type !== "EOF") this.#unexpected("EOF");
    } catch (e) {
      if (!(e instanceof SyntaxError_)) throw e;
      expr = undefined;
    }
    return { expr, problems: this.#problems, warnings: this.#cursedOr.warnings };
  }

  // ── token helpers ──────────────────────────────────────────────────────

  #peek(k = 0): Token {
    return this.#toks[Math.min(this.#i + k, this.#toks.length - 1)] as Token;
  }

  #next(): Token {
    const t = this.#peek();
    if (this.#i < this.#toks.length - 1) this.#i++;
    return t;
  }

  #spanOf(t: Token): Span {
    return { file: this.#file, line: t.line, column: t.column };
  }

  #span(): Span {
    return this.#spanOf(this.#peek());
  }

  #errorSpan(t: Token): Span {
    return this.#spanOf(t);
  }

  #unexpected(...expected: TokType[]): never {
    const t = this.#peek();
    const exp = expected.length > 0 && expected.length <= 4 ? `, expecting ${expected.map(expectName).join(" or ")}` : "";
    this.#problems.push({ message: `syntax error, unexpected ${tokenName(t)}${exp}`, span: this.#errorSpan(t) });
    throw new SyntaxError_();
  }

  #expect(type: TokType): Token {
    if (this.#peek().type !== type) this.#unexpected(type);
    return this.#next();
  }

  #problem(message: string, span: Span): void {
    this.#problems.push({ message, span });
  }

  // ── expressions ────────────────────────────────────────────────────────

  #expr(): Expr {
    const t = this.#peek();
    const span = this.#spanOf(t);
    switch (t.type) {
      case "ID": {
        const n = this.#peek(1).type;
        if (n === ":") {
          this.#next();
          this.#next();
          return this.#lambdaBody(t.text, undefined, span);
        }
        if (n === "@") {
          this.#next();
          this.#next();
          if (this.#peek().type !== "{") this.#unexpected("{");
          const formals = this.#formals();
          this.#expect(":");
          return this.#lambdaBody(t.text, formals, span);
        }
        break;
      }
      case "{":
        if (this.#looksLikeFormals()) {
          const formals = this.#formals();
          let arg: string | undefined;
          if (this.#peek().type === "@") {
            this.#next();
            arg = this.#expect("ID").text;
          }
          this.#expect(":");
          return this.#lambdaBody(arg, formals, span);
        }
        break;
      case "ASSERT": {
        this.#next();
        const start = this.#peek().offset;
        const cond = this.#expr();
        const text = this.#src.slice(start, this.#lastEnd()).trim();
        this.#expect(";");
        return { kind: "assert", cond, body: this.#expr(), text, span };
      }
      case "WITH": {
        this.#next();
        const env = this.#expr();
        this.#expect(";");
        return { kind: "with", env, body: this.#expr(), span };
      }
      case "LET":
        if (this.#peek(1).type === "{") break;
        this.#next();
        return this.#letIn(span);
      case "IF": {
        this.#next();
        const cond = this.#expr();
        this.#expect("THEN");
        const then = this.#expr();
        this.#expect("ELSE");
        return { kind: "if", cond, then, else: this.#expr(), span };
      }
    }
    return this.#pipe();
  }

  /** End offset of the previously consumed token. */
  #lastEnd(): number {
    const prev = this.#toks[this.#i - 1];
    if (prev === undefined) return 0;
    const next = this.#toks[this.#i];
    return next !== undefined ? Math.min(next.offset, prev.offset + Math.max(prev.text.length, 1)) : prev.offset + prev.text.length;
  }

  #lambdaBody(arg: string | undefined, formals: ELambda["formals"], span: Span): ELambda {
    if (formals !== undefined && arg !== undefined && formals.items.some((f) => f.name === arg)) {
      this.#problem(`duplicate formal function argument '${arg}'`, span);
    }
    return { kind: "lambda", arg, formals, body: this.#expr(), span };
  }

  #looksLikeFormals(): boolean {
    const a = this.#peek(1).type;
    const b = this.#peek(2).type;
    if (a === "}") return b === ":" || b === "@";
    if (a === "ELLIPSIS") return true;
    if (a === "ID") {
      if (b === "," || b === "?") return true;
      if (b === "}") {
        const c = this.#peek(3).type;
        return c === ":" || c === "@";
      }
    }
    return false;
  }

  #formals(): NonNullable<ELambda["formals"]> {
    this.#expect("{");
    const items: Formal[] = [];
    let ellipsis = false;
    for (;;) {
      const t = this.#peek();
      if (t.type === "}") break;
      if (t.type === "ELLIPSIS") {
        this.#next();
        ellipsis = true;
        break;
      }
      const name = this.#expect("ID");
      let fallback: Expr | undefined;
      if (this.#peek().type === "?") {
        this.#next();
        fallback = this.#expr();
      }
      if (items.some((f) => f.name === name.text)) {
        this.#problem(`duplicate formal function argument '${name.text}'`, this.#spanOf(name));
      }
      items.push({ name: name.text, fallback, span: this.#spanOf(name) });
      if (this.#peek().type === "}") break;
      if (this.#peek().type !== ",") this.#unexpected("}", ",");
      this.#next();
    }
    this.#expect("}");
    return { items, ellipsis };
  }

  /** `let … in body`; a dynamic attribute fails the parse at the `let` once the body is read, as in Nix. */
  #letIn(span: Span): Expr {
    const bindings = this.#bindings("IN");
    if (this.#peek().type !== "IN") this.#unexpected();
    this.#next();
    const body = this.#expr();
    if (bindings.dynamic.length > 0) {
      this.#problem("dynamic attributes not allowed in let", span);
      throw new SyntaxError_();
    }
    return { kind: "let", bindings, body, span };
  }

  /** `a |> f |> g` (left) or `f <| g <| a` (right); the two cannot mix without parentheses. */
  #pipe(): Expr {
    const first = this.#op(0);
    const t = this.#peek().type;
    if (t === "PIPE_INTO") {
      let acc = first;
      while (this.#peek().type === "PIPE_INTO") {
        const span = this.#span();
        this.#next();
        acc = { kind: "binary", op: "|>", left: acc, right: this.#op(0), span };
      }
      if (this.#peek().type === "PIPE_FROM") this.#unexpected();
      return acc;
    }
    if (t === "PIPE_FROM") {
      const span = this.#span();
      this.#next();
      const operand = this.#op(0);
      if (this.#peek().type === "PIPE_INTO") this.#unexpected();
      const rest = this.#peek().type === "PIPE_FROM" ? this.#pipeFromRest(operand) : operand;
      return { kind: "binary", op: "<|", left: first, right: rest, span };
    }
    return first;
  }

  /** The right-associative tail of `f <| g <| a`, given `g`. */
  #pipeFromRest(left: Expr): Expr {
    const span = this.#span();
    this.#next();
    const operand = this.#op(0);
    if (this.#peek().type === "PIPE_INTO") this.#unexpected();
    const right = this.#peek().type === "PIPE_FROM" ? this.#pipeFromRest(operand) : operand;
    return { kind: "binary", op: "<|", left, right, span };
  }

  /** Precedence climbing over the binary operators with binding power ≥ minPower. */
  #op(minPower: number): Expr {
    let left = this.#unary();
    for (;;) {
      const t = this.#peek();
      if (t.type === "?" && HAS_POWER >= minPower) {
        const span = this.#spanOf(t);
        this.#next();
        left = { kind: "has", target: left, path: this.#attrPath(), span };
        continue;
      }
      const info = BINARY[t.type];
      if (info === undefined || info.power < minPower) return left;
      const span = this.#spanOf(t);
      this.#next();
      const right = this.#op(info.assoc === "right" ? info.power : info.power + 1);
      left = { kind: "binary", op: info.op, left, right, span };
      if (info.assoc === "none") {
        const n = BINARY[this.#peek().type];
        if (n !== undefined && n.power === info.power) this.#unexpected();
      }
    }
  }

  #unary(): Expr {
    const t = this.#peek();
    if (t.type === "!") {
      this.#next();
      return { kind: "not", operand: this.#op(NOT_POWER), span: this.#spanOf(t) };
    }
    if (t.type === "-") {
      this.#next();
      return { kind: "neg", operand: this.#op(HAS_POWER + 1), span: this.#spanOf(t) };
    }
    return this.#app();
  }

  #app(): Expr {
    const span = this.#span();
    const fn = this.#select();
    this.#cursedOr.reset(fn);
    const args: Expr[] = [];
    for (;;) {
      const t = this.#peek().type;
      if (!STARTS_SIMPLE.has(t) && !(t === "LET" && this.#peek(1).type === "{")) break;
      args.push(this.#cursedOr.warnIf(this.#select()));
    }
    return args.length === 0 ? fn : { kind: "call", fn, args, span };
  }

  /** `e.a.b`, `e.a.b or fallback`, or Nix's legacy `e or` (a call of `e` with the variable `or`, ./cursed-or.ts). */
  #select(): Expr {
    const first = this.#peek();
    const span = this.#spanOf(first);
    const target = this.#simple();
    if (this.#peek().type === "OR_KW") {
      const or = this.#next();
      const call: Expr = { kind: "call", fn: target, args: [{ kind: "var", name: "or", span: this.#spanOf(or) }], span };
      this.#cursedOr.mark(call, first.offset, or.offset + or.text.length);
      return call;
    }
    if (this.#peek().type !== ".") return target;
    this.#next();
    const path = this.#attrPath();
    let fallback: Expr | undefined;
    if (this.#peek().type === "OR_KW") {
      this.#next();
      fallback = this.#cursedOr.warnIf(this.#select());
    }
    return { kind: "select", target, path, fallback, span };
  }

  #attrPath(): AttrName[] {
    const path = [this.#attrName()];
    while (this.#peek().type === ".") {
      this.#next();
      path.push(this.#attrName());
    }
    return path;
  }

  #attrName(): AttrName {
    const t = this.#peek();
    const span = this.#spanOf(t);
    if (t.type === "ID" || t.type === "OR_KW") {
      this.#next();
      return { name: t.text, span };
    }
    if (t.type === '"') {
      const s = this.#string();
      return s.kind === "str" ? { name: s.value, span } : { dyn: s, span };
    }
    if (t.type === "DOLLAR_CURLY") {
      this.#next();
      const e = this.#expr();
      this.#expect("}");
      // `${"a"}` with a plain string literal is a static name, as in Nix.
      return e.kind === "str" ? { name: e.value, span } : { dyn: e, span };
    }
    return this.#unexpected();
  }

  #simple(): Expr {
    const t = this.#peek();
    const span = this.#spanOf(t);
    switch (t.type) {
      case "ID":
        this.#next();
        return t.text === "__curPos" ? { kind: "curpos", span } : { kind: "var", name: t.text, span };
      case "INT":
        this.#next();
        return { kind: "int", value: BigInt.asIntN(64, BigInt(t.text)), span };
      case "FLOAT":
        this.#next();
        return { kind: "float", value: Number(t.text), span };
      case "URI":
        this.#next();
        return { kind: "str", value: t.text, span };
      case '"':
        return this.#string();
      case "IND_STRING_OPEN":
        return this.#indString();
      case "PATH":
      case "HPATH":
        return this.#path();
      case "SPATH": {
        // As Nix: `<p>` is `__findFile __nixPath "p"`, through whatever those names mean where it is written.
        this.#next();
        const name: Expr = { kind: "str", value: t.text.slice(1, -1), span };
        return { kind: "call", fn: { kind: "var", name: "__findFile", span }, args: [{ kind: "var", name: "__nixPath", span }, name], span };
      }
      case "(": {
        this.#next();
        const e = this.#expr();
        this.#expect(")");
        return e;
      }
      case "[": {
        this.#next();
        const items: Expr[] = [];
        while (this.#peek().type !== "]") {
          if (!STARTS_SIMPLE.has(this.#peek().type) && this.#peek().type !== "LET") this.#unexpected();
          items.push(this.#cursedOr.warnIf(this.#select()));
        }
        this.#next();
        return { kind: "list", items, span };
      }
      case "{":
        return this.#attrSet(false, span);
      case "REC":
        this.#next();
        if (this.#peek().type !== "{") this.#unexpected("{");
        return this.#attrSet(true, span);
      case "LET": {
        // Legacy `let { …; body = e; }` is `(rec { … }).body`.
        this.#next();
        const set = this.#attrSet(true, span);
        return { kind: "select", target: set, path: [{ name: "body", span }], fallback: undefined, span };
      }
    }
    return this.#unexpected();
  }

  #attrSet(recursive: boolean, span: Span): EAttrs {
    this.#expect("{");
    const bindings = this.#bindings("}");
    if (this.#peek().type !== "}") this.#unexpected();
    this.#next();
    return { kind: "attrs", recursive, bindings, span };
  }

  /** Bindings up to (not including) `end`; recovers at the next `;` after a syntax error. */
  #bindings(end: TokType): Bindings {
    const b = emptyBindings();
    for (;;) {
      const t = this.#peek();
      if (t.type === end || t.type === "EOF") return b;
      const before = this.#problems.length;
      const start = this.#i;
      try {
        if (t.type === "INHERIT") this.#inherit(b);
        else this.#binding(b);
      } catch (e) {
        if (!(e instanceof SyntaxError_)) throw e;
        if (!this.#recover(end, start)) throw e;
        if (this.#problems.length === before) throw e;
        this.#keepName(b, t);
      }
    }
  }

  /** A binding that failed to parse still defines its name (as `{ }`), so its uses are not also reported as undefined. */
  #keepName(b: Bindings, first: Token): void {
    if ((first.type !== "ID" && first.type !== "OR_KW") || b.attrs.has(first.text)) return;
    const span = this.#spanOf(first);
    this.#kept.add(span);
    b.attrs.set(first.text, { value: { kind: "plain", value: { kind: "attrs", recursive: false, bindings: emptyBindings(), span } }, span });
  }

  /**
   * Skips to just after the `;` that ends the binding begun at token
   * `start` (brackets opened since then are closed first); false when the
   * group ended instead.
   */
  #recover(end: TokType, start: number): boolean {
    let depth = 0;
    for (let k = start; k < this.#i; k++) depth += bracketDepth(this.#toks[k]?.type);
    if (depth < 0) return false;
    for (;;) {
      const t = this.#peek().type;
      if (t === "EOF") return false;
      if (depth === 0 && t === end) return true;
      depth += bracketDepth(t);
      if (depth < 0) return false;
      this.#next();
      if (depth === 0 && t === ";") return true;
    }
  }

  #binding(b: Bindings): void {
    const span = this.#span();
    const path = this.#attrPath();
    if (this.#peek().type !== "=") this.#unexpected(...(this.#peek().type === "ID" ? (["." as TokType, "=" as TokType]) : []));
    this.#next();
    const value = this.#expr();
    this.#expect(";");
    const head = path[0];
    if (head !== undefined && "name" in head) {
      const earlier = b.attrs.get(head.name);
      if (earlier !== undefined && this.#kept.has(earlier.span)) b.attrs.delete(head.name);
    }
    const err = addAttr(b, path, value, span);
    if (err !== undefined) this.#problem(err.message, err.span);
  }

  #inherit(b: Bindings): void {
    this.#next();
    let from: number | undefined;
    if (this.#peek().type === "(") {
      this.#next();
      b.inheritFrom.push(this.#expr());
      from = b.inheritFrom.length - 1;
      this.#expect(")");
    }
    for (;;) {
      const t = this.#peek();
      if (t.type === ";") break;
      const span = this.#spanOf(t);
      if (t.type !== "ID" && t.type !== "OR_KW" && t.type !== '"' && t.type !== "DOLLAR_CURLY") return this.#unexpected();
      const a = this.#attrName();
      if ("dyn" in a) {
        this.#problem("dynamic attributes not allowed in inherit", span);
        continue;
      }
      const name = a.name;
      const existing = b.attrs.get(name);
      if (existing !== undefined) {
        this.#problem(`attribute '${name}' already defined at ${existing.span.file}:${existing.span.line}:${existing.span.column}`, span);
        continue;
      }
      const value = from === undefined
        ? { kind: "inherit" as const, value: { kind: "var" as const, name, span } }
        : { kind: "inheritFrom" as const, from, name };
      b.attrs.set(name, { value, span });
    }
    this.#next();
  }

  /** `"…"`: a plain string, or an interpolation (forceString concat). */
  #string(): Expr {
    const open = this.#expect('"');
    const span = this.#spanOf(open);
    const parts: Expr[] = [];
    const literal = new Set<Expr>();
    for (;;) {
      const t = this.#peek();
      if (t.type === "STR") {
        this.#next();
        const part: Expr = { kind: "str", value: t.text, span: this.#spanOf(t) };
        literal.add(part);
        parts.push(part);
      } else if (t.type === "DOLLAR_CURLY") {
        this.#next();
        parts.push(this.#expr());
        this.#expect("}");
      } else if (t.type === '"') {
        this.#next();
        break;
      } else this.#unexpected('"');
    }
    if (parts.length === 0) return { kind: "str", value: "", span };
    const only = parts[0];
    if (parts.length === 1 && only?.kind === "str" && literal.has(only)) return { kind: "str", value: only.value, span };
    return { kind: "concat", parts, isPath: false, span };
  }

  #indString(): Expr {
    const span = this.#spanOf(this.#next());
    const parts: IndPart[] = [];
    for (;;) {
      const t = this.#peek();
      if (t.type === "IND_STR" || t.type === "IND_ESC") {
        this.#next();
        parts.push({ kind: "text", text: t.text, literal: t.type === "IND_STR", span: this.#spanOf(t) });
      } else if (t.type === "DOLLAR_CURLY") {
        this.#next();
        parts.push({ kind: "interp", expr: this.#expr() });
        this.#expect("}");
      } else if (t.type === "IND_STRING_CLOSE") {
        this.#next();
        break;
      } else this.#unexpected("IND_STR", "DOLLAR_CURLY", "IND_STRING_CLOSE");
    }
    return stripIndentation(parts, span);
  }

  /** A path literal, possibly with interpolations: PATH (STR | ${…})* PATH_END. */
  #path(): Expr {
    const t = this.#next();
    const span = this.#spanOf(t);
    const home = t.type === "HPATH";
    const pieces: Expr[] = [];
    let text = t.text;
    for (;;) {
      const n = this.#peek();
      if (n.type === "STR") {
        this.#next();
        if (pieces.length === 0) text += n.text;
        else pieces.push({ kind: "str", value: n.text, span: this.#spanOf(n) });
      } else if (n.type === "DOLLAR_CURLY") {
        this.#next();
        if (pieces.length === 0) pieces.push(this.#pathStart(text, home, span));
        pieces.push(this.#expr());
        this.#expect("}");
      } else if (n.type === "PATH_END") {
        this.#next();
        break;
      } else this.#unexpected("PATH_END");
    }
    if (pieces.length === 0) return this.#pathStart(text, home, span);
    return { kind: "concat", parts: pieces, isPath: true, span };
  }

  #pathStart(text: string, home: boolean, span: Span): Expr {
    if (home) return { kind: "path", path: text.slice(1), style: "home", span };
    return { kind: "path", path: resolvePath(this.#baseDir, text), style: "plain", span };
  }
}
