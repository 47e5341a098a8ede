/**
 * Nix's max-call-depth setting: how many function calls may be running
 * when another is entered (Nix counts lambda and builtin applications, not
 * thunks forced), its default, and the JavaScript stack an evaluation
 * needs to reach a given depth. Our evaluator recurses on the JavaScript
 * stack: one Nix call level costs 540 to 720 bytes of it in the common
 * shapes measured (plain recursion, functions with formals, nixpkgs'
 * lib.foldr and lib.foldAttrs, calls made by builtins), and more where
 * code between two calls recurses itself (deep values, merges). So a
 * depth is given 4 KiB a level on top of a 24 MiB base: Nix's default
 * gets 64 MiB, which the launchers' 9,000-level and the home-file tests
 * exercise; past what a thread can be given (4 GiB), the stack running
 * out is still reported as Nix reports the depth exceeded.
 *
 *     new Worker(file, { resourceLimits: { stackSizeMb: stackMbFor(settings.maxCallDepth) } })
 *
 * bin/large-stack.js (CommonJS, started before any bundle) computes the
 * same; a test keeps the two equal.
 */

/** Nix's default max-call-depth. */
export const MAX_CALL_DEPTH = 10000;

const BASE_MB = 24;
const BYTES_PER_CALL = 4096;
const MOST_MB = 4096;

/** The stack (MiB) a worker evaluating with `maxCallDepth` is given. */
export function stackMbFor(maxCallDepth: number = MAX_CALL_DEPTH): number {
  return Math.min(MOST_MB, Math.max(64, Math.ceil(BASE_MB + (maxCallDepth * BYTES_PER_CALL) / 1048576)));
}
