/**
 * The lazy value model shared by the Nix evaluator, the module system and
 * TypeScript configs.
 *
 * Representation (chosen so that `typeof` discriminates the common cases):
 *   null      → null            bool  → boolean
 *   int       → bigint          float → number
 *   string    → string (no context) or NixString (with context)
 *   path      → NixPath         list  → Lazy[] (a plain array)
 *   attrs     → NixAttrs        function → NixFunction
 * Unevaluated values are Thunks; `force` turns a Lazy into a Value.
 * Invariant: a Value is never a Thunk, and values are never mutated after
 * construction (NixAttrs builders finish before the set is shared).
 */
import type { Span } from "../diagnostics/location.ts";
import { EvalError, InfiniteRecursionError } from "./errors.ts";
import { NixAttrs } from "./nix-attrs.ts";

export { NixAttrs } from "./nix-attrs.ts";
export { compareNames } from "./attrs-layout.ts";

export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | NixString
  | NixPath
  | Lazy[]
  | NixAttrs
  | NixFunction;

export type Lazy = Value | Thunk;

/** A string that carries a context: the store paths it refers to. */
export class NixString {
  readonly s: string;
  readonly context: ReadonlySet<string>;
  constructor(s: string, context: ReadonlySet<string>) {
    this.s = s;
    this.context = context;
  }
  toString(): string {
    return this.s;
  }
}

/** An absolute, normalised filesystem path value. */
export class NixPath {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
  toString(): string {
    return this.path;
  }
}

/** The function of a thunk being forced: forcing it again is infinite recursion. */
const BLACKHOLE = (): Value => null;

/** A thunk's label while it is not yet computed (kept where a plain thunk keeps its argument). */
class Label {
  readonly text: string | (() => string);
  constructor(text: string | (() => string)) {
    this.text = text;
  }
}

/**
 * A suspended computation, evaluated at most once. While it is being
 * evaluated it is a black hole: forcing it again is infinite recursion.
 * A computation that throws is reset, so a later force re-runs it (as Nix).
 * Running out of JavaScript stack becomes a StackOverflowError, never a
 * bare RangeError. Two fields carry the state, to keep the many thunks of
 * an evaluation small: `#fn` is the computation (BLACKHOLE while it runs,
 * undefined once done), `#value` its argument until then (a labelled
 * thunk's Label: its computation takes none), its result after.
 */
export class Thunk {
  #fn: ((arg: never) => Value) | undefined;
  #value: unknown;

  /** `label` (text, or a function making it when needed) says what the thunk computes, for "infinite recursion" messages. */
  constructor(fn: () => Value, label?: string | (() => string)) {
    this.#fn = fn;
    this.#value = label === undefined ? undefined : new Label(label);
  }

  /** `code(arg)`, suspended: what compiled code makes for a node and its environment, without a closure per thunk. */
  static deferred<A>(code: (arg: A) => Value, arg: A): Thunk {
    const t = new Thunk(code as (arg: never) => Value as () => Value);
    t.#value = arg;
    return t;
  }

  /** What the thunk computes, for "infinite recursion" messages (known until it is computed). */
  get label(): string | undefined {
    const l = this.#fn === undefined || !(this.#value instanceof Label) ? undefined : this.#value.text;
    return typeof l === "function" ? l() : l;
  }

  static of(value: Value): Thunk {
    const t = new Thunk(BLACKHOLE);
    t.#fn = undefined;
    t.#value = value;
    return t;
  }

  get isForced(): boolean {
    return this.#fn === undefined;
  }

  /** Whether the thunk is being computed now (what a printer shows as «potential infinite recursion»). */
  get isBlackhole(): boolean {
    return this.#fn === BLACKHOLE;
  }

  force(): Value {
    const fn = this.#fn;
    if (fn === undefined) return this.#value as Value;
    if (fn === BLACKHOLE) throw new InfiniteRecursionError(this.label);
    this.#fn = BLACKHOLE;
    try {
      const v = (fn as (arg: unknown) => Value)(this.#value);
      this.#value = v;
      this.#fn = undefined;
      return v;
    } catch (e) {
      this.#fn = fn;
      if (isStackOverflow(e)) throw new StackOverflowError();
      throw e;
    }
  }
}

/** Whether `e` is V8's "Maximum call stack size exceeded". */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes("call stack");
}

/** Runs `f`, turning a JavaScript stack overflow into Nix's "stack overflow; max-call-depth exceeded". */
export function guardStack<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isStackOverflow(e)) throw new StackOverflowError();
    throw e;
  }
}

/** The JavaScript stack ran out while forcing (a very deep chain of values, or a cycle not made of thunks). */
export class StackOverflowError extends EvalError {
  constructor() {
    super("stack overflow; max-call-depth exceeded");
    this.name = "StackOverflowError";
  }
}

export function force(v: Lazy): Value {
  return v instanceof Thunk ? v.force() : v;
}

export function lazy(fn: () => Value, label?: string): Thunk {
  return new Thunk(fn, label);
}

/** Formal parameters of a `{ a, b ? 1, ... }:` function, for `functionArgs`. */
export interface Formals {
  /** name → has a default */
  readonly names: ReadonlyMap<string, boolean>;
  readonly ellipsis: boolean;
  /** name → where it is written (Nix gives `functionArgs`' attributes these positions). */
  readonly positions?: ReadonlyMap<string, Span>;
}

/**
 * What a function's values share: its formals and name, and for a lambda
 * whose body is a lambda (`a: b: …`), `code2`: both calls at once, without
 * the function the first call returns (what `foldl'`, `mapAttrs` and
 * `f a b` call most), and for a lambda its position.
 */
export interface FunctionInfo {
  readonly formals: Formals | undefined;
  readonly name: string | undefined;
  /** A lambda's argument name (`x:`) or its `@` name (toXML shows it). */
  readonly arg?: string | undefined;
  readonly code2: ((a: Lazy, b: Lazy, env: never) => Value) | undefined;
  /** Where a lambda is written (builtins locate what goes wrong around their calls of it there). */
  readonly span?: Span;
}

const NO_INFO: FunctionInfo = { formals: undefined, name: undefined, code2: undefined };

/**
 * A function value. `code` gets the argument and `env`: a Nix lambda's
 * value is its compiled code, its (shared) info and the environment it
 * closed over, with no JavaScript closure made per value; a builtin's code
 * ignores `env`.
 */
export class NixFunction {
  readonly code: (arg: Lazy, env: never) => Value;
  readonly info: FunctionInfo;
  readonly env: unknown;
  constructor(call: (arg: Lazy) => Value, formals?: Formals, name?: string) {
    this.code = call;
    this.info = formals === undefined && name === undefined ? NO_INFO : { formals, name, code2: undefined };
    this.env = undefined;
  }

  /** A function whose calls are `code(arg, env)`, described by `info` (made once for all such values). */
  static withInfo<E>(code: (arg: Lazy, env: E) => Value, env: E, info: FunctionInfo): NixFunction {
    const f = new NixFunction(code as unknown as (arg: Lazy) => Value);
    (f as { env: unknown }).env = env;
    (f as { info: FunctionInfo }).info = info;
    return f;
  }

  /** A function whose calls are `code(arg, env)`. */
  static closure<E>(code: (arg: Lazy, env: E) => Value, env: E, formals: Formals | undefined, name: string | undefined): NixFunction {
    return NixFunction.withInfo(code, env, formals === undefined && name === undefined ? NO_INFO : { formals, name, code2: undefined });
  }

  get formals(): Formals | undefined {
    return this.info.formals;
  }

  get name(): string | undefined {
    return this.info.name;
  }

  call(arg: Lazy): Value {
    return this.code(arg, this.env as never);
  }
}

export type TypeName = "null" | "bool" | "int" | "float" | "string" | "path" | "list" | "set" | "lambda";

/** `builtins.typeOf`. */
export function typeOf(v: Value): TypeName {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "string";
  }
  if (v instanceof NixString) return "string";
  if (v instanceof NixPath) return "path";
  if (Array.isArray(v)) return "list";
  if (v instanceof NixAttrs) return "set";
  return "lambda";
}

export function isString(v: Value): v is string | NixString {
  return typeof v === "string" || v instanceof NixString;
}

export function isAttrs(v: Value): v is NixAttrs {
  return v instanceof NixAttrs;
}

export function isList(v: Value): v is Lazy[] {
  return Array.isArray(v);
}

/** The text of a string value (context dropped). */
export function stringText(v: string | NixString): string {
  return typeof v === "string" ? v : v.s;
}

/** The `_type` tag of an attribute set, if it has a string one. */
export function typeTag(v: Value): string | undefined {
  if (!(v instanceof NixAttrs)) return undefined;
  const t = v.lazy("_type");
  if (t === undefined) return undefined;
  const f = force(t);
  return isString(f) ? stringText(f) : undefined;
}

/** A derivation is a set with `type = "derivation"`. */
export function isDerivation(v: Value): boolean {
  if (!(v instanceof NixAttrs)) return false;
  const t = v.get("type");
  return t !== undefined && isString(t) && stringText(t) === "derivation";
}
