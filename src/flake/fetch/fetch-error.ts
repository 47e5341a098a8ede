/**
 * A fetch that failed for a reason the user can act on (network, HTTP
 * status, offline without a cached copy, a hash mismatch): the fetcher
 * says what went wrong, the caller names the input (InputFetchError).
 * `Unavailable` is the kind of failure that says nothing about the input
 * itself: offline without a cached copy, or a network that cannot be
 * reached (no DNS, connection refused or reset, no answer in time).
 */
import { UserError } from "../../diagnostics/user-error.ts";

export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FetchError";
  }
}

/** The input cannot be had here and now: offline and not cached, or the network is out of reach. */
export class Unavailable extends FetchError {
  constructor(message: string) {
    super(message);
    this.name = "Unavailable";
  }
}

/** The tree fetched does not have the narHash the lock (or the reference) expects. */
export class HashMismatch extends FetchError {
  readonly expected: string;
  readonly got: string;
  constructor(expected: string, got: string) {
    super(`NAR hash mismatch: expected '${expected}', got '${got}'`);
    this.expected = expected;
    this.got = got;
    this.name = "HashMismatch";
  }
}

/** A fetch failure worded for the input it was fetching, keeping the fetcher's reason. */
export class InputFetchError extends UserError {
  readonly reason: FetchError;
  constructor(message: string, reason: FetchError) {
    super(message);
    this.reason = reason;
    this.name = "InputFetchError";
  }
}
