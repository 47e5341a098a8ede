/**
 * How many function calls are running now, as Nix's call depth counts
 * them: each lambda application (eval/compile-lambda.ts) and each builtin
 * applied to all its arguments (builtins/primop.ts), for as long as it
 * runs; forcing a thunk is no call. A lambda entered when more than the
 * evaluation's max-call-depth are running is refused (compile-lambda.ts
 * checks; a builtin only counts). One thread runs one call at a time, so
 * one count serves every evaluation.
 */
export const runningCalls = { count: 0 };
