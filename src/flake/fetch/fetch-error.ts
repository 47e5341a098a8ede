/**
 * A fetch that failed for a reason the user can act on (network, HTTP
 * status, offline without a cached copy, a hash mismatch): the fetcher
 * says what went wrong, the caller names the input.
 */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FetchError";
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
