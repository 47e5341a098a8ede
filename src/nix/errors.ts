/**
 * Errors of the Nix language. Catchable errors (`throw`, failed `assert`)
 * are what `builtins.tryEval` sees; every other error is fatal to the
 * evaluation. The two are separate classes so they are never confused.
 * An error made above the language for what Nix code would `throw` (the
 * module system's, which nixpkgs' lib throws) is marked THROWN, and
 * `tryEval` catches it too (isCatchable).
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { Span } from "../diagnostics/location.ts";

/** A fatal evaluation error (type errors, missing attributes, `abort`, …). */
export class EvalError extends UserError {
  constructor(message: string, location?: Span) {
    super(message, location);
    this.name = "EvalError";
  }
}

/** `throw` and failed `assert`: catchable by `builtins.tryEval`. */
export class CatchableError extends EvalError {
  constructor(message: string, location?: Span) {
    super(message, location);
    this.name = "CatchableError";
  }
}

/** The mark of an error that stands for a Nix `throw` made outside the language. */
export const THROWN: unique symbol = Symbol("thrown");

/** Whether `builtins.tryEval` catches `err`: a `throw`, a failed `assert`, or an error marked THROWN. */
export function isCatchable(err: unknown): boolean {
  return err instanceof CatchableError || (err instanceof UserError && (err as { [THROWN]?: boolean })[THROWN] === true);
}

/** A value that depends on itself (a black-holed thunk forced again). */
export class InfiniteRecursionError extends EvalError {
  /** What was being computed when the cycle closed, if known. */
  readonly label: string | undefined;
  constructor(label?: string, location?: Span) {
    super("infinite recursion encountered", location);
    this.name = "InfiniteRecursionError";
    this.label = label;
  }
}

/**
 * A value that cannot be known yet: a module argument that depends on the
 * configuration, needed while the modules are still being collected. Nix
 * says "infinite recursion encountered" where it cannot wait; a
 * JavaScript string coercion waits (./pending-string.ts).
 */
export class NotYetKnownError extends EvalError {
  constructor(message: string, location?: Span) {
    // A deep stack: the configuration's frame that needed the value is found in it (src/config/user-code-errors.ts).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    super(`infinite recursion encountered: ${message}`, location);
    Error.stackTraceLimit = limit;
    this.name = "NotYetKnownError";
  }
}
