/**
 * The one error class for mistakes a user can fix (bad config, bad argument,
 * a file on disk we refuse to touch). Anything else reaching the CLI's
 * handler is a bug and is printed with its stack.
 *
 * A UserError is data: a message, an optional location (rendered with a code
 * frame), and "while …" context frames, innermost first.
 */
import type { Span } from "./location.ts";

export interface Diagnostic {
  readonly message: string;
  readonly location?: Span;
  /** "while evaluating …" frames, innermost first. */
  readonly context: readonly string[];
}

export class UserError extends Error {
  readonly location: Span | undefined;
  readonly context: string[];

  constructor(message: string, location?: Span, context: string[] = []) {
    super(message);
    this.name = "UserError";
    this.location = location;
    this.context = context;
  }

  /** Adds an outer "while …" frame and returns the same error for rethrow. */
  withContext(frame: string): this {
    this.context.push(frame);
    return this;
  }

  diagnostic(): Diagnostic {
    return { message: this.message, location: this.location, context: this.context };
  }
}

/** Several user errors found together (habit: collect, then fail once). */
export class UserErrors extends UserError {
  readonly errors: readonly UserError[];
  constructor(errors: readonly UserError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "UserErrors";
    this.errors = errors;
  }
}

/**
 * The errors found together, as one: undefined for none, the error itself
 * for one, else UserErrors. An error whose message and place repeat an
 * earlier one's is left out (its context aside): the same failure met
 * through several options (a systemd user unit's file and the links
 * wanting it, whose sources all evaluate the same package) is reported
 * once, as Nix, stopping at it, would.
 */
export function collectedErrors(errors: readonly UserError[]): UserError | undefined {
  const seen = new Set<string>();
  const kept = errors.filter((e) => {
    const key = JSON.stringify([e.message, e.location ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : new UserErrors(kept);
}
