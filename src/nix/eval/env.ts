/**
 * Runtime environments. A let, rec set or lambda call makes an Env whose
 * slots hold the lazy values of its names, in the order the parser's scope
 * pass gave them; a `with` makes an Env with one slot, its (lazy) set.
 * Variables were resolved statically to (level, index), so a lookup is a
 * walk of `level` parents.
 *
 * An Env is one array: its parent at 0, slot i at i + 1 (one allocation
 * fewer per call than an object holding an array; calls make most Envs).
 */
import type { Lazy } from "../value.ts";

export type Env = (Lazy | Env | undefined)[];

/** A new environment of `n` (still empty) slots under `up`. */
export function newEnv(n: number, up: Env | undefined): Env {
  const env: Env = new Array(n + 1);
  env[0] = up;
  return env;
}

/** The parent environment. */
export function envUp(env: Env): Env {
  return env[0] as Env;
}

/** The environment `level` parents up. */
export function envAt(env: Env, level: number): Env {
  let e = env;
  for (let i = 0; i < level; i++) e = e[0] as Env;
  return e;
}

/** Slot `index` of `env` (undefined while a let or rec group is still being built). */
export function slot(env: Env, index: number): Lazy | undefined {
  return env[index + 1] as Lazy | undefined;
}

export const EMPTY_ENV: Env = [undefined];
