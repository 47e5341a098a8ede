/**
 * Helpers for the Nix lib's tests: one lib whose traces and warnings are
 * recorded, `get("generators.toINI")` to reach a function by path,
 * `call(fn, …args)` with arguments given as JavaScript values (converted
 * to Nix ones), `plain` to read a result back as plain JavaScript,
 * `withLib("lib.…")`/`messageOf` to evaluate Nix source given the lib, and
 * Nix-shaped functions and modules built in TypeScript. Used by *.test.ts.
 */
import { evalExpr } from "../nix/evaluate.ts";
import { fromJS, toJS } from "../nix/js-value.ts";
import { force, isString, NixAttrs, NixFunction, NixPath, stringText, Thunk, type Formals, type Lazy, type Value } from "../nix/value.ts";
import { call as callNix } from "./fn.ts";
import { nixLib } from "./index.ts";

export const traces: string[] = [];
export const warnings: string[] = [];
export const lib = nixLib({ trace: (m) => traces.push(m), warn: (m) => warnings.push(m) });

/** `lib: <body>` evaluated with `given` (the recording lib by default) as `lib`, read back as plain JavaScript. */
export function withLib(body: string, given: Value = lib): unknown {
  return plain(call(evalExpr(`lib: ${body}`), given));
}

/** The message of the error `withLib(body, given)` fails with, or "no error". */
export function messageOf(body: string, given: Value = lib): string {
  try {
    withLib(body, given);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

/** A lib value by its dotted path (`"strings.toUpper"`). */
export function get(path: string, from: Value = lib): Value {
  return path.split(".").reduce<Value>((v, k) => {
    const next = (v as NixAttrs).get(k);
    if (next === undefined) throw new Error(`no ${k} in ${path}`);
    return next;
  }, from);
}

/** Nix values pass as they are; other JavaScript values are converted. */
function toNix(v: unknown): Lazy {
  return v instanceof NixAttrs || v instanceof NixFunction || v instanceof NixPath || v instanceof Thunk ? v : fromJS(v);
}

/** Calls a lib function (named by path, or given) with JavaScript or Nix arguments. */
export function call(f: string | Value, ...args: unknown[]): Value {
  return callNix(typeof f === "string" ? get(f) : f, ...args.map(toNix));
}

/** A forced Nix value as plain JavaScript: ints as numbers, sets as objects, functions as "<function>". */
export function plain(v: Lazy): unknown {
  const x = force(v);
  if (x === null || typeof x === "boolean" || typeof x === "number") return x;
  if (typeof x === "bigint") return Number(x);
  if (isString(x)) return stringText(x);
  if (x instanceof NixPath) return x.path;
  if (Array.isArray(x)) return x.map(plain);
  if (x instanceof NixAttrs) return Object.fromEntries(x.keys().map((k) => [k, plain(x.lazy(k) as Lazy)]));
  return "<function>";
}

/** `call` then `plain`. */
export function run(f: string | Value, ...args: unknown[]): unknown {
  return plain(call(f, ...args));
}

/** A curried Nix function from a JavaScript one; arguments are lazy JavaScript views (toJS). */
export function jsFn(f: (...args: any[]) => unknown): NixFunction {
  const step = (got: readonly Lazy[]): NixFunction =>
    new NixFunction((a) => {
      const args = [...got, a];
      return args.length >= f.length ? force(toNix(f(...args.map((a) => toJS(a))))) : step(args);
    });
  return step([]);
}

/** A Nix module function `{ <names>, ... }: body`, as the evaluator would build it. */
export function nixModule(names: readonly string[], body: (args: NixAttrs) => Value): NixFunction {
  const formals: Formals = { names: new Map(names.map((n) => [n, false])), ellipsis: true };
  return new NixFunction((args) => body(force(args) as NixAttrs), formals);
}

/** An attribute set from a record of Nix values. */
export function set(entries: Record<string, Lazy>): NixAttrs {
  return NixAttrs.from(entries);
}
