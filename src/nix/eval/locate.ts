/**
 * Errors raised outside the evaluator's view of the source (builtins,
 * coercion, arithmetic) carry no location; the expression that called them
 * gives them its own, so every error points somewhere.
 */
import type { Span } from "../../diagnostics/location.ts";
import { UserError } from "../../diagnostics/user-error.ts";

export function locate(e: unknown, span: Span): unknown {
  if (e instanceof UserError && e.location === undefined) (e as { location: Span | undefined }).location = span;
  return e;
}
