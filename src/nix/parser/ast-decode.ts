/**
 * The parse cache's AST text (./ast-encode.ts) back into an AST. It
 * trusts nothing: a shape it does not expect throws a CodecError, and the
 * cache parses the source instead.
 */
import type { AttrName, AttrValue, BinaryOp, Bindings, EVar, Expr, Formal, VarResolution } from "../ast.ts";
import type { Span } from "../../diagnostics/location.ts";

export class CodecError extends Error {}

/**
 * The AST `encodeAst` gave, its spans in `file`, from its chunks; the root
 * is decoded now, deferred subtrees when loaded. Throws a CodecError on
 * data of another shape (a deferred chunk's, when it is loaded).
 */
export function decodeAst(chunks: { readonly count: number; text(index: number): string }, file: string): Expr {
  return new Decoder(file, chunks).expr(JSON.parse(chunks.text(0)));
}

const OPS = new Set<string>(["==", "!=", "<", "<=", ">", ">=", "&&", "||", "->", "//", "++", "+", "-", "*", "/", "|>", "<|"]);

class Decoder {
  readonly #file: string;
  readonly #chunks: { readonly count: number; text(index: number): string };
  constructor(file: string, chunks: { readonly count: number; text(index: number): string }) {
    this.#file = file;
    this.#chunks = chunks;
  }

  #deferred(index: unknown, span: Span): Expr {
    const i = num(index);
    if (!(i > 0 && i < this.#chunks.count)) throw new CodecError(`no chunk ${i}`);
    let loaded: Expr | undefined;
    return { kind: "deferred", span, load: () => (loaded ??= this.expr(JSON.parse(this.#chunks.text(i)))) };
  }

  #span(line: unknown, column: unknown): Span {
    if (typeof line !== "number" || typeof column !== "number") throw new CodecError("bad span");
    return { file: this.#file, line, column };
  }

  expr(d: unknown): Expr {
    const a = arr(d);
    const span = this.#span(a[1], a[2]);
    switch (a[0]) {
      case "i": return { kind: "int", value: BigInt(str(a[3])), span };
      case "f": return { kind: "float", value: Number(str(a[3])), span };
      case "s": return { kind: "str", value: str(a[3]), span };
      case "c": return { kind: "concat", isPath: a[3] === 1, parts: arr(a[4]).map((p) => this.expr(p)), span };
      case "p": {
        const style = str(a[4]);
        if (style !== "plain" && style !== "home") throw new CodecError("bad path style");
        return { kind: "path", path: str(a[3]), style, span };
      }
      case "v": return this.#var(a);
      case "sel": return { kind: "select", target: this.expr(a[3]), path: arr(a[4]).map((n) => this.#name(n)), fallback: a[5] === 0 ? undefined : this.expr(a[5]), span };
      case "has": return { kind: "has", target: this.expr(a[3]), path: arr(a[4]).map((n) => this.#name(n)), span };
      case "a": return { kind: "attrs", recursive: a[3] === 1, bindings: this.#bindings(a[4]), span };
      case "L": return { kind: "list", items: arr(a[3]).map((x) => this.expr(x)), span };
      case "fn": {
        const f = a[4] === 0 ? undefined : arr(a[4]);
        const formals = f === undefined ? undefined : { ellipsis: f[0] === 1, items: arr(f[1]).map((x) => this.#formal(x)) };
        const name = a[6] === 0 ? undefined : str(a[6]);
        const lambda = { kind: "lambda" as const, arg: a[3] === 0 ? undefined : str(a[3]), formals, body: this.expr(a[5]), span };
        return name === undefined ? lambda : { ...lambda, name };
      }
      case "call": return { kind: "call", fn: this.expr(a[3]), args: arr(a[4]).map((x) => this.expr(x)), span };
      case "let": return { kind: "let", bindings: this.#bindings(a[3]), body: this.expr(a[4]), span };
      case "with": return { kind: "with", env: this.expr(a[3]), body: this.expr(a[4]), span };
      case "if": return { kind: "if", cond: this.expr(a[3]), then: this.expr(a[4]), else: this.expr(a[5]), span };
      case "as": return { kind: "assert", cond: this.expr(a[3]), body: this.expr(a[4]), text: str(a[5]), span };
      case "b": {
        const op = str(a[3]);
        if (!OPS.has(op)) throw new CodecError("bad operator");
        return { kind: "binary", op: op as BinaryOp, left: this.expr(a[4]), right: this.expr(a[5]), span };
      }
      case "!": return { kind: "not", operand: this.expr(a[3]), span };
      case "-": return { kind: "neg", operand: this.expr(a[3]), span };
      case "pos": return { kind: "curpos", span };
      case "~": return this.#deferred(a[3], span);
      default: throw new CodecError("bad node");
    }
  }

  #var(a: unknown[]): EVar {
    const span = this.#span(a[1], a[2]);
    const name = str(a[3]);
    const r = a[4];
    if (r === 0) return { kind: "var", name, span };
    let resolution: VarResolution;
    if (r === 1) resolution = { kind: "global" };
    else {
      const x = arr(r);
      if (x[0] === "w") resolution = { kind: "with", levels: x.slice(1).map(num) };
      else resolution = { kind: "local", level: num(x[0]), index: num(x[1]) };
    }
    return { kind: "var", name, span, resolution };
  }

  #name(d: unknown): AttrName {
    const a = arr(d);
    const span = this.#span(a[0], a[1]);
    return a[2] === 0 ? { dyn: this.expr(a[3]), span } : { name: str(a[2]), span };
  }

  #formal(d: unknown): Formal {
    const a = arr(d);
    return { name: str(a[0]), span: this.#span(a[1], a[2]), fallback: a[3] === 0 ? undefined : this.expr(a[3]) };
  }

  #bindings(d: unknown): Bindings {
    const [attrs, dynamic, inheritFrom] = arr(d).map(arr) as [unknown[], unknown[], unknown[]];
    const map = new Map<string, { value: AttrValue; span: Span }>();
    for (const x of attrs) {
      const a = arr(x);
      const span = this.#span(a[1], a[2]);
      let value: AttrValue;
      if (a[3] === 0) value = { kind: "plain", value: this.expr(a[4]) };
      else if (a[3] === 1) value = { kind: "inherit", value: this.#var(arr(a[4])) };
      else if (a[3] === 2) value = { kind: "inheritFrom", from: num(a[4]), name: str(a[5]) };
      else throw new CodecError("bad attribute");
      map.set(str(a[0]), { value, span });
    }
    return {
      attrs: map,
      dynamic: dynamic.map((x) => {
        const a = arr(x);
        return { span: this.#span(a[0], a[1]), name: this.expr(a[2]), value: this.expr(a[3]) };
      }),
      inheritFrom: (inheritFrom ?? []).map((x) => this.expr(x)),
    };
  }
}

function arr(d: unknown): unknown[] {
  if (!Array.isArray(d)) throw new CodecError("expected an array");
  return d;
}

function str(d: unknown): string {
  if (typeof d !== "string") throw new CodecError("expected a string");
  return d;
}

function num(d: unknown): number {
  if (typeof d !== "number") throw new CodecError("expected a number");
  return d;
}
