/**
 * A memo of submodule instances kept from one evaluation to the next: a
 * 10,000-file home changed in one file evaluates one file entry, not
 * 10,000. Only a submodule type that says what its modules read besides
 * the instance's name and definitions (`SubmoduleMemo`: an id naming its
 * modules, and `outside`, the values of the enclosing configuration they
 * read) takes part, and only for an instance whose definitions are plain
 * data (plain-value.ts): the key is the id, the name, `outside` and the
 * definitions, all forced deeply, and the code's identity is the memo
 * file's (src/build/eval-cache/instance-memo-file.ts). What a hit gives
 * is the configuration the same key evaluated to, as plain data. A miss
 * evaluates the instance as always; its configuration is kept when it is
 * plain data once the build is done. Definitions are forced deeply to
 * make the key, so a definition's trace is printed even where the
 * evaluation would not have needed its value.
 */
import { hash } from "node:crypto";
import type { Lazy } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import { toPlain, type Plain } from "./plain-value.ts";

/** What a submodule type declares to have its instances memoized. */
export interface SubmoduleMemo {
  /** Names the type's modules (with the code's identity, it stands for them). */
  readonly id: string;
  /** Everything the modules read besides the instance's name and definitions, as plain data. */
  readonly outside: () => unknown;
}

/** What an earlier evaluation kept: a key's configuration, or undefined (a map, or an index of the memo file read lazily). */
export interface KnownInstances {
  get(key: string): Plain | undefined;
}

export class InstanceMemo {
  readonly #known: KnownInstances;
  /** Entries this evaluation used, and the configurations of the instances it evaluated (made plain when kept). */
  readonly #used = new Map<string, Plain>();
  readonly #evaluated = new Map<string, Lazy>();
  #fresh: Map<string, Plain> | undefined;
  hits = 0;
  misses = 0;

  constructor(known: KnownInstances = new Map()) {
    this.#known = known;
  }

  lookup(key: string): Plain | undefined {
    const p = this.#known.get(key);
    if (p !== undefined) {
      this.#used.set(key, p);
      this.hits++;
    }
    return p;
  }

  remember(key: string, config: Lazy): void {
    this.#evaluated.set(key, config);
    this.misses++;
  }

  /** How many known entries this evaluation used. */
  get usedCount(): number {
    return this.#used.size;
  }

  /** The instances this evaluation evaluated whose configuration is plain data (made plain once). */
  fresh(): Map<string, Plain> {
    if (this.#fresh !== undefined) return this.#fresh;
    const out = new Map<string, Plain>();
    for (const [key, config] of this.#evaluated) {
      const p = toPlain(config);
      if (p !== undefined) out.set(key, p);
    }
    return (this.#fresh = out);
  }

  /** What the next evaluation may use: the entries this one used, and the fresh ones. */
  entries(): Map<string, Plain> {
    const out = new Map(this.#used);
    for (const [key, p] of this.fresh()) out.set(key, p);
    return out;
  }
}

let current: InstanceMemo | undefined;

/** Makes `memo` the one submodule types use (undefined: none), for the evaluation about to run. */
export function useInstanceMemo(memo: InstanceMemo | undefined): void {
  current = memo;
}

export function currentInstanceMemo(): InstanceMemo | undefined {
  return current;
}

/** An instance's key, or undefined when its definitions or what it reads outside are not plain data. */
export function instanceKey(memo: SubmoduleMemo, name: string, defs: readonly Definition[]): string | undefined {
  let outside: unknown;
  try {
    outside = memo.outside();
  } catch {
    return undefined;
  }
  const values: Plain[] = [];
  for (const d of defs) {
    const p = toPlain(d.value);
    if (p === undefined) return undefined;
    values.push(p);
  }
  const key = JSON.stringify([memo.id, name, outside, values]);
  // A short key is kept as it is (no hash to make); a long one, by its hash (not a JSON text: no clash).
  return key.length <= 200 ? key : hash("sha256", key, "base64url");
}
