/**
 * Forcing lib arguments to the type a function needs, failing with C++
 * Nix's wording ("expected a set but found a string: \"x\""), and building
 * results: sets from records, strings that keep the context of the strings
 * they were made from, catchable `throw` and fatal `abort`.
 */
import { CatchableError, EvalError } from "./errors.ts";
import { typeError } from "./operators.ts";
import { force, isString, NixAttrs, NixString, stringText, type Lazy, type Value } from "./value.ts";

export function expectAttrs(v: Lazy): NixAttrs {
  const x = force(v);
  if (x instanceof NixAttrs) return x;
  throw typeError("a set", x);
}

export function expectList(v: Lazy): Lazy[] {
  const x = force(v);
  if (Array.isArray(x)) return x;
  throw typeError("a list", x);
}

export function expectString(v: Lazy): string | NixString {
  const x = force(v);
  if (isString(x)) return x;
  throw typeError("a string", x);
}

/** The text of a string argument (its context is dropped). */
export function text(v: Lazy): string {
  return stringText(expectString(v));
}

export function expectInt(v: Lazy): bigint {
  const x = force(v);
  if (typeof x === "bigint") return x;
  throw typeError("an integer", x);
}

export function expectBool(v: Lazy): boolean {
  const x = force(v);
  if (typeof x === "boolean") return x;
  throw typeError("a Boolean", x);
}

/** An attribute set from a record of lazy values. */
export function attrs(entries: Record<string, Lazy>): NixAttrs {
  return NixAttrs.from(entries);
}

/** The union of the contexts of some values (only strings carry one). */
export function contextOf(...values: readonly Value[]): Set<string> {
  const out = new Set<string>();
  for (const v of values) if (v instanceof NixString) for (const c of v.context) out.add(c);
  return out;
}

/** A string value with the contexts of the given source values. */
export function stringFrom(s: string, ...sources: readonly Value[]): string | NixString {
  const context = contextOf(...sources);
  return context.size === 0 ? s : new NixString(s, context);
}

/** Nix's `throw`: catchable by `builtins.tryEval`. */
export function nixThrow(message: string): never {
  throw new CatchableError(message);
}

/** Nix's `abort`. */
export function nixAbort(message: string): never {
  throw new EvalError(`evaluation aborted with the following error message: '${message}'`);
}

/** A list of strings (an option path) from a Nix list. */
export function stringList(v: Lazy): string[] {
  return expectList(v).map(text);
}
