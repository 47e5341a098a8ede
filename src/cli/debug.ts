/**
 * The one place debug output (--verbose) comes from: the Io's `debug`
 * channel, set by the global flags (global-flags.ts), or, in a
 * generation's engine that the CLI started, SYSTEM_MANAGER_VERBOSE=1 in
 * its environment (an environment variable, not a flag: an older engine
 * ignores it rather than refusing an option it does not know).
 */
import type { Io } from "./io.ts";

export const VERBOSE_ENV = "SYSTEM_MANAGER_VERBOSE";

export function debugOf(io: Io): ((line: string) => void) | undefined {
  if (io.debug !== undefined) return io.debug;
  return io.env[VERBOSE_ENV] === "1" ? (line) => io.stderr(`debug: ${line}\n`) : undefined;
}
