/**
 * Telling the launcher (bin/large-stack.js, runUntilEvaluated) that the
 * command's evaluation is over: until then it holds the command's output
 * back, so that a run that overflowed the default stack can be run again
 * with a large one as if the first had not printed anything. Does nothing
 * when the command was not started that way (tests, a relaunched run).
 */

/** Where the launcher offers the signal (bin/large-stack.js reads the same symbol). */
const EVALUATED = Symbol.for("system-manager.evaluation-over");

export function evaluationOver(): void {
  const over = (globalThis as Record<symbol, unknown>)[EVALUATED];
  if (typeof over === "function") (over as () => void)();
}
