/**
 * Runtime environments. A let, rec set or lambda call makes an Env whose
 * slots hold the lazy values of its names, in the order the parser's scope
 * pass gave them; a `with` makes an Env with one slot, its (lazy) set.
 * Variables were resolved statically to (level, index), so a lookup is a
 * walk of `level` parents.
 */
import type { Lazy } from "../value.ts";

export class Env {
  readonly vars: Lazy[];
  readonly up: Env | undefined;
  constructor(vars: Lazy[], up: Env | undefined) {
    this.vars = vars;
    this.up = up;
  }
}

/** The environment `level` parents up. */
export function envAt(env: Env, level: number): Env {
  let e = env;
  for (let i = 0; i < level; i++) e = e.up as Env;
  return e;
}

export const EMPTY_ENV = new Env([], undefined);
