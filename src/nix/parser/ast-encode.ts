/**
 * A scope-resolved AST as compact JSON text, for the parse cache
 * (./parse-cache.ts; ./ast-decode.ts reads it back): each node an array
 * `[tag, line, column, …]`, the file name left out of spans, bigints as
 * decimal strings, floats as strings (a literal may overflow to
 * Infinity), binding maps as arrays in their order.
 */
import type { AttrName, Bindings, EVar, Expr } from "../ast.ts";

type Data = unknown[];

/** Subtrees at least this long (in JSON) are deferred where compiling them can wait. */
const DEFER_AT = 100;

/**
 * The AST as chunks of JSON text: the first is the root; a subtree whose
 * compilation the evaluator defers until it runs (a lambda's body, an if's
 * branches, a value that becomes a thunk) is a chunk of its own when it is
 * large, referred to as `["~", line, column, chunk]`, and decoded only when
 * compiled.
 */
export function encodeAst(e: Expr): string[] {
  const chunks: string[] = [""];
  chunks[0] = JSON.stringify(new Encoder(chunks).expr(e));
  return chunks;
}

/** Kinds compiled to a value directly where a lazy value is wanted (compile.ts compileLazy): never deferred there. */
function direct(e: Expr): boolean {
  switch (e.kind) {
    case "int": case "float": case "str": case "path": case "var": case "lambda": case "list": case "deferred":
      return true;
    case "attrs":
      return e.bindings.dynamic.length === 0;
    default:
      return false;
  }
}

class Encoder {
  readonly #chunks: string[];
  constructor(chunks: string[]) {
    this.#chunks = chunks;
  }

  /** A subtree compiled on demand (compile.ts compileOnDemand). */
  #later(e: Expr): Data {
    const data = this.expr(e);
    const text = JSON.stringify(data);
    if (text.length < DEFER_AT) return data;
    this.#chunks.push(text);
    return ["~", e.span.line, e.span.column, this.#chunks.length - 1];
  }

  /** A subtree wanted as a lazy value (compile.ts compileLazy). */
  #lazy(e: Expr): Data {
    return direct(e) ? this.expr(e) : this.#later(e);
  }

  expr(e: Expr): Data {
    const l = e.span.line;
    const c = e.span.column;
    switch (e.kind) {
      case "int": return ["i", l, c, e.value.toString()];
      case "float": return ["f", l, c, String(e.value)];
      case "str": return ["s", l, c, e.value];
      case "concat": return ["c", l, c, e.isPath ? 1 : 0, e.parts.map((p) => this.expr(p))];
      case "path": return ["p", l, c, e.path, e.style];
      case "var": return encodeVar(e);
      case "select": return ["sel", l, c, this.expr(e.target), e.path.map((n) => this.#name(n)), e.fallback === undefined ? 0 : this.expr(e.fallback)];
      case "has": return ["has", l, c, this.expr(e.target), e.path.map((n) => this.#name(n))];
      case "attrs": return ["a", l, c, e.recursive ? 1 : 0, this.#bindings(e.bindings)];
      case "list": return ["L", l, c, e.items.map((x) => this.#lazy(x))];
      case "lambda": {
        const formals = e.formals === undefined ? 0 : [e.formals.ellipsis ? 1 : 0, e.formals.items.map((f) => [f.name, f.span.line, f.span.column, f.fallback === undefined ? 0 : this.#later(f.fallback)])];
        return ["fn", l, c, e.arg ?? 0, formals, this.#later(e.body), e.name ?? 0];
      }
      case "call": return ["call", l, c, this.expr(e.fn), e.args.map((a) => this.#lazy(a))];
      case "let": return ["let", l, c, this.#bindings(e.bindings), this.expr(e.body)];
      case "with": return ["with", l, c, this.#lazy(e.env), this.expr(e.body)];
      case "if": return ["if", l, c, this.expr(e.cond), this.#later(e.then), this.#later(e.else)];
      case "assert": return ["as", l, c, this.expr(e.cond), this.expr(e.body), e.text];
      case "binary": return ["b", l, c, e.op, this.expr(e.left), this.expr(e.right)];
      case "not": return ["!", l, c, this.expr(e.operand)];
      case "neg": return ["-", l, c, this.expr(e.operand)];
      case "curpos": return ["pos", l, c];
      case "deferred": return this.expr(e.load());
    }
  }

  #name(n: AttrName): Data {
    return "name" in n ? [n.span.line, n.span.column, n.name] : [n.span.line, n.span.column, 0, this.expr(n.dyn)];
  }

  #bindings(b: Bindings): Data {
    const attrs: Data = [];
    for (const [name, a] of b.attrs) {
      const v = a.value;
      let value: Data;
      if (v.kind === "plain") value = [0, this.#lazy(v.value)];
      else value = v.kind === "inherit" ? [1, encodeVar(v.value)] : [2, v.from, v.name];
      attrs.push([name, a.span.line, a.span.column, ...value]);
    }
    const dynamic = b.dynamic.map((d) => [d.span.line, d.span.column, this.expr(d.name), this.#lazy(d.value)]);
    return [attrs, dynamic, b.inheritFrom.map((x) => this.#lazy(x))];
  }
}

function encodeVar(v: EVar): Data {
  const r = v.resolution;
  const res = r === undefined ? 0 : r.kind === "global" ? 1 : r.kind === "local" ? [r.level, r.index] : ["w", ...r.levels];
  return ["v", v.span.line, v.span.column, v.name, res];
}
