/**
 * Test support: the UserError a step throws. Used by *.test.ts only (the
 * Nix evaluator's and the module system's tests alike).
 */
import assert from "node:assert/strict";
import { UserError } from "./user-error.ts";

/** The UserError `f` throws (fails the test if it returns or throws something else). */
export function errorOf(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  assert.fail("expected an error");
}
