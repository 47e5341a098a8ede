/**
 * Raising evaluation errors with a location, and adding "while …" context
 * frames as they travel outwards. Frames are capped so a deep recursion
 * does not collect thousands of them (Nix elides duplicates likewise).
 */
import type { Span } from "../../diagnostics/location.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { EvalError } from "../errors.ts";
import { showType, showValueShort } from "../show-type.ts";
import { NixAttrs, type Value } from "../value.ts";

const MAX_FRAMES = 24;

export function evalError(message: string, span: Span): EvalError {
  return new EvalError(message, span);
}

/** "expected a set but found an integer: 1" */
export function typeMismatch(expected: string, v: Value, span: Span): EvalError {
  return new EvalError(`expected ${expected} but found ${showType(v)}: ${showValueShort(v)}`, span);
}

/** Adds a context frame to a user error (if it has room) and returns it for rethrow. */
export function addFrame(e: unknown, frame: string): unknown {
  if (e instanceof UserError && e.context.length < MAX_FRAMES) e.context.push(frame);
  return e;
}

/** A Boolean, or "expected a Boolean but found …" with a frame. */
export function expectBool(v: Value, span: Span, frame: string): boolean {
  if (typeof v === "boolean") return v;
  throw typeMismatch("a Boolean", v, span).withContext(frame);
}

export function expectAttrs(v: Value, span: Span, frame: string): NixAttrs {
  if (v instanceof NixAttrs) return v;
  throw typeMismatch("a set", v, span).withContext(frame);
}
