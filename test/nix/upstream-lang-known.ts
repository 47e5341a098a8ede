/**
 * The cases of Nix's language tests we do not pass yet (see
 * upstream-lang.test.ts), by name, each with why; issue #14 tracks them.
 */
export const KNOWN_FAILURES: ReadonlySet<string> = new Set([
  // needs --max-call-depth N
  "eval-fail-infinite-recursion-lambda",
  // sources are decoded as UTF-8 before evaluation, so invalid bytes cannot be told from U+FFFD
  "eval-fail-toJSON-non-utf-8",
  // needs --extra-experimental-features parse-toml-timestamps
  "eval-okay-fromTOML-timestamps",
  // nix-instantiate's value printer (<LAMBDA>, <PRIMOP>) and trace output
  "eval-okay-print",
]);
