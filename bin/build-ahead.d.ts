// Types of ./build-ahead.js (test/cli/build-ahead.test.ts checks its guess).
export type Cli = "system-manager" | "home-manager";

export function likelyEvaluates(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string, cli?: Cli): boolean;

export function startAhead(argv: readonly string[], dist: string, cli?: Cli): void;
