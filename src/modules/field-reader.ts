/**
 * Reads an attribute set of the configuration one field at a time, each
 * field forced (once: the set's thunks keep their values) and converted
 * (toJS) when asked for: a module that checks the fields of every entry
 * (users-assertions.ts, for 500 users) reads the Nix set under a view
 * directly, instead of through a view per entry and a proxy trap per read.
 * Nothing is read before it is asked for, in the order it is asked for, as
 * through a view. A plain JavaScript object (a test's) is read as it is.
 */
import { rawOf, toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";

export class FieldReader<T extends object> {
  readonly #set: NixAttrs | undefined;
  readonly #plain: T | undefined;

  /** `value`: a forced Nix value, or a JavaScript object (a view of a Nix value, or a plain one). */
  constructor(value: unknown) {
    const raw = rawOf(value);
    const v = raw === undefined ? value : force(raw);
    if (v instanceof NixAttrs) this.#set = v;
    else this.#plain = (raw === undefined ? value : toJS(raw)) as T;
  }

  /** The field `name` (undefined when the set has none). */
  get<K extends keyof T & string>(name: K): T[K] {
    if (this.#set === undefined) return (this.#plain as T)[name];
    const lazy = this.#set.lazy(name);
    return (lazy === undefined ? undefined : toJS(lazy, 1)) as T[K];
  }
}

/**
 * The entries of a set of sets (`users.users`), in the order Object.entries
 * gives them from a view: every entry is forced first, then read through a
 * FieldReader.
 */
export function fieldEntries<T extends object>(set: unknown): [string, FieldReader<T>][] {
  const raw = rawOf(set);
  if (raw === undefined) return Object.entries(set as Record<string, unknown>).map(([k, v]) => [k, new FieldReader<T>(v)]);
  const attrs = force(raw);
  if (!(attrs instanceof NixAttrs)) return Object.entries(toJS(attrs) as Record<string, unknown>).map(([k, v]) => [k, new FieldReader<T>(v)]);
  return attrs.keys().map((k) => {
    const lazy = attrs.lazy(k) as Lazy;
    const v = force(lazy);
    return [k, new FieldReader<T>(v instanceof NixAttrs ? v : toJS(lazy, 1))];
  });
}
