/**
 * A build's session with the stores it writes: checks that hold for a
 * whole build (the store's trust, src/activate/trust-check.ts; the store
 * directory reached without following a link; the temporary-roots
 * directory's owner and mode) run once per root in the session, when its
 * first writer reaches that root, instead of before each of the thousands
 * of store paths a large home writes. Outside a session (and in a new
 * one: each build runs in its own) every call checks again, as before.
 * The session follows the build's asynchronous calls (AsyncLocalStorage).
 * A session may repair (`--repair`, as Nix's): its writers then check each
 * store path already there against its tree (store-validity.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";

const sessions = new AsyncLocalStorage<Map<string, unknown>>();
const REPAIR = Symbol("repair");

export interface StoreSessionOptions {
  /** Check existing store paths' contents and rewrite damaged ones, instead of trusting them. */
  readonly repair?: boolean;
}

/** Runs `fn` (a build) in a new session: each check below runs at most once per key in it. */
export function inStoreSession<T>(fn: () => Promise<T>, opts: StoreSessionOptions = {}): Promise<T> {
  const done = new Map<string | symbol, unknown>();
  if (opts.repair === true) done.set(REPAIR, true);
  return sessions.run(done as Map<string, unknown>, fn);
}

/** Whether the current session repairs (outside a session: no, as in one that does not). */
export function repairing(): boolean {
  return (sessions.getStore() as Map<string | symbol, unknown> | undefined)?.get(REPAIR) === true;
}

/** The result of `check` for `key` (e.g. "trust <root>"): computed once in a session, every time outside one; a check that throws is not remembered. */
export function oncePerSession<T>(key: string, check: () => T): T {
  const done = sessions.getStore();
  if (done === undefined) return check();
  if (done.has(key)) return done.get(key) as T;
  const result = check();
  done.set(key, result);
  return result;
}
