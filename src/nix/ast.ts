/**
 * The Nix abstract syntax tree: a discriminated union on `kind`, every node
 * with its span. Variables carry their static resolution (filled in by the
 * parser's scope pass): a local slot (`level` environments up, `index` in
 * it), a global of the base environment, or a lookup through the enclosing
 * `with`s. Attribute-path bindings are already merged into nested set
 * literals.
 */
import type { Span } from "../diagnostics/location.ts";

export type Expr =
  | EInt | EFloat | EStr | EConcat | EPath | EVar | ESelect | EHasAttr | EAttrs | EList
  | ELambda | ECall | ELet | EWith | EIf | EAssert | EBinary | ENot | ENeg | ECurPos | EDeferred;

export interface EInt { readonly kind: "int"; readonly value: bigint; readonly span: Span }
export interface EFloat { readonly kind: "float"; readonly value: number; readonly span: Span }
/** A string without interpolation (also URIs). */
export interface EStr { readonly kind: "str"; readonly value: string; readonly span: Span }

/**
 * String interpolation (`forceString`: every part coerced to a string, as
 * in `"a${b}"`), or a path literal with interpolation (`isPath`).
 */
export interface EConcat {
  readonly kind: "concat";
  readonly parts: Expr[];
  readonly isPath: boolean;
  readonly span: Span;
}

/** A path literal without interpolation: already absolute for `./x`, `/x`; `~/x` and `<x>` resolve at run time. */
export interface EPath {
  readonly kind: "path";
  readonly path: string;
  readonly style: "plain" | "home";
  readonly span: Span;
}

export type VarResolution =
  | { readonly kind: "local"; readonly level: number; readonly index: number }
  | { readonly kind: "global" }
  | { readonly kind: "with"; readonly levels: readonly number[] };

export interface EVar {
  readonly kind: "var";
  readonly name: string;
  readonly span: Span;
  /** Set by the scope pass. */
  resolution?: VarResolution;
}

/** One component of an attribute path: a static name or `${e}` / `"…${e}…"`. */
export type AttrName = { readonly name: string; readonly span: Span } | { readonly dyn: Expr; readonly span: Span };

export interface ESelect {
  readonly kind: "select";
  readonly target: Expr;
  readonly path: AttrName[];
  readonly fallback: Expr | undefined;
  readonly span: Span;
}

export interface EHasAttr { readonly kind: "has"; readonly target: Expr; readonly path: AttrName[]; readonly span: Span }

/** How a static attribute gets its value. */
export type AttrValue =
  | { readonly kind: "plain"; readonly value: Expr }
  /** `inherit x;`: a variable of the enclosing scope (never the set's own). */
  | { readonly kind: "inherit"; readonly value: EVar }
  /** `inherit (e) x;`: index into the binding group's `inheritFrom` sources. */
  | { readonly kind: "inheritFrom"; readonly from: number; readonly name: string };

export interface StaticAttr {
  value: AttrValue;
  readonly span: Span;
}

export interface DynamicAttr {
  readonly name: Expr;
  readonly value: Expr;
  readonly span: Span;
}

/** A binding group: the attributes of a set literal or a `let`. */
export interface Bindings {
  readonly attrs: Map<string, StaticAttr>;
  readonly dynamic: DynamicAttr[];
  /** Sources of `inherit (e) …`, evaluated at most once each. */
  readonly inheritFrom: Expr[];
}

export interface EAttrs {
  readonly kind: "attrs";
  recursive: boolean;
  readonly bindings: Bindings;
  readonly span: Span;
}

export interface EList { readonly kind: "list"; readonly items: Expr[]; readonly span: Span }

export interface Formal { readonly name: string; readonly fallback: Expr | undefined; readonly span: Span }

export interface ELambda {
  readonly kind: "lambda";
  /** The plain argument name (`x:`) or the `@` name. */
  readonly arg: string | undefined;
  readonly formals: { readonly items: Formal[]; readonly ellipsis: boolean } | undefined;
  readonly body: Expr;
  readonly span: Span;
  /** The attribute or let name the lambda is bound to, for messages. */
  name?: string;
}

export interface ECall { readonly kind: "call"; readonly fn: Expr; readonly args: Expr[]; readonly span: Span }
export interface ELet { readonly kind: "let"; readonly bindings: Bindings; readonly body: Expr; readonly span: Span }
export interface EWith { readonly kind: "with"; readonly env: Expr; readonly body: Expr; readonly span: Span }
export interface EIf { readonly kind: "if"; readonly cond: Expr; readonly then: Expr; readonly else: Expr; readonly span: Span }
export interface EAssert {
  readonly kind: "assert";
  readonly cond: Expr;
  readonly body: Expr;
  /** The source text of the condition, for "assertion '…' failed". */
  readonly text: string;
  readonly span: Span;
}

export type BinaryOp =
  | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" | "->" | "//" | "++" | "+" | "-" | "*" | "/" | "|>" | "<|";

export interface EBinary { readonly kind: "binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
export interface ENot { readonly kind: "not"; readonly operand: Expr; readonly span: Span }
export interface ENeg { readonly kind: "neg"; readonly operand: Expr; readonly span: Span }
export interface ECurPos { readonly kind: "curpos"; readonly span: Span }

/**
 * A subtree read from the parse cache only when it is compiled
 * (../parser/ast-decode.ts): never made by the parser, so the scope pass
 * never sees one; `load` gives the subtree (the same object every time).
 */
export interface EDeferred { readonly kind: "deferred"; readonly load: () => Expr; readonly span: Span }
