// Types of ./command-of.js (src/cli/global-flags.test.ts checks it against the parser).
export function commandOf(argv: readonly string[]): string | undefined;
