/**
 * Static scope resolution, as C++ Nix's bindVars: every variable becomes a
 * slot of an enclosing let/rec/lambda environment (`level` environments
 * up), a global of the base environment, or — only when no lexical binding
 * has the name — a lookup through the enclosing `with`s, innermost first.
 * A name found nowhere is "undefined variable 'x'", even in code that
 * never runs. Lexical bindings (globals included) always win over `with`.
 */
import type { Bindings, EVar, Expr } from "../ast.ts";
import type { ParseProblem } from "./parser.ts";

type Scope =
  | { readonly kind: "static"; readonly names: ReadonlyMap<string, number>; readonly up: Scope | undefined }
  | { readonly kind: "with"; readonly up: Scope | undefined };

/** The slot order of a binding group's static names (a let or rec environment). */
export function slotNames(b: Bindings): Map<string, number> {
  const m = new Map<string, number>();
  for (const name of b.attrs.keys()) m.set(name, m.size);
  return m;
}

/** The slot order of a lambda's environment: the argument name, then the formals. */
export function lambdaSlots(arg: string | undefined, formals: readonly { name: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  if (arg !== undefined) m.set(arg, 0);
  for (const f of formals) if (!m.has(f.name)) m.set(f.name, m.size);
  return m;
}

export function resolveScopes(
  expr: Expr,
  globals: ReadonlySet<string>,
  topNames: readonly string[],
  problems: ParseProblem[],
): void {
  const top: Scope | undefined = topNames.length > 0
    ? { kind: "static", names: new Map(topNames.map((n, i) => [n, i])), up: undefined }
    : undefined;
  new Resolver(globals, problems).expr(expr, top);
}

class Resolver {
  readonly #globals: ReadonlySet<string>;
  readonly #problems: ParseProblem[];
  constructor(globals: ReadonlySet<string>, problems: ParseProblem[]) {
    this.#globals = globals;
    this.#problems = problems;
  }

  variable(v: EVar, scope: Scope | undefined): void {
    const withs: number[] = [];
    let level = 0;
    for (let s = scope; s !== undefined; s = s.up, level++) {
      if (s.kind === "with") {
        withs.push(level);
        continue;
      }
      const index = s.names.get(v.name);
      if (index !== undefined) {
        v.resolution = { kind: "local", level, index };
        return;
      }
    }
    if (this.#globals.has(v.name)) v.resolution = { kind: "global" };
    else if (withs.length > 0) v.resolution = { kind: "with", levels: withs };
    else this.#problems.push({ message: `undefined variable '${v.name}'`, span: v.span });
  }

  bindings(b: Bindings, inner: Scope | undefined, outer: Scope | undefined): void {
    for (const attr of b.attrs.values()) {
      const v = attr.value;
      if (v.kind === "plain") this.expr(v.value, inner);
      else if (v.kind === "inherit") this.variable(v.value, outer);
    }
    for (const e of b.inheritFrom) this.expr(e, inner);
    for (const d of b.dynamic) {
      this.expr(d.name, inner);
      this.expr(d.value, inner);
    }
  }

  expr(e: Expr, scope: Scope | undefined): void {
    switch (e.kind) {
      case "int": case "float": case "str": case "path": case "curpos": case "deferred":
        return;
      case "var":
        return this.variable(e, scope);
      case "concat":
        for (const p of e.parts) this.expr(p, scope);
        return;
      case "select":
      case "has":
        this.expr(e.target, scope);
        for (const a of e.path) if ("dyn" in a) this.expr(a.dyn, scope);
        if (e.kind === "select" && e.fallback !== undefined) this.expr(e.fallback, scope);
        return;
      case "attrs":
        if (e.recursive) this.bindings(e.bindings, { kind: "static", names: slotNames(e.bindings), up: scope }, scope);
        else this.bindings(e.bindings, scope, scope);
        return;
      case "list":
        for (const x of e.items) this.expr(x, scope);
        return;
      case "lambda": {
        const inner: Scope = { kind: "static", names: lambdaSlots(e.arg, e.formals?.items ?? []), up: scope };
        for (const f of e.formals?.items ?? []) if (f.fallback !== undefined) this.expr(f.fallback, inner);
        this.expr(e.body, inner);
        return;
      }
      case "call":
        this.expr(e.fn, scope);
        for (const a of e.args) this.expr(a, scope);
        return;
      case "let": {
        const inner: Scope = { kind: "static", names: slotNames(e.bindings), up: scope };
        this.bindings(e.bindings, inner, scope);
        this.expr(e.body, inner);
        return;
      }
      case "with":
        this.expr(e.env, scope);
        this.expr(e.body, { kind: "with", up: scope });
        return;
      case "if":
        this.expr(e.cond, scope);
        this.expr(e.then, scope);
        this.expr(e.else, scope);
        return;
      case "assert":
        this.expr(e.cond, scope);
        this.expr(e.body, scope);
        return;
      case "binary":
        this.expr(e.left, scope);
        this.expr(e.right, scope);
        return;
      case "not":
      case "neg":
        this.expr(e.operand, scope);
        return;
    }
  }
}
