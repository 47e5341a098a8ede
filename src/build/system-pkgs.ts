/**
 * The system modules' `pkgs`, with `nixpkgs.overlays` applied as
 * system-manager's makeSystemConfig applies them (`import nixpkgs {
 * overlays = config.nixpkgs.overlays; … }`): the overlays are
 * configuration, known once the modules are collected. A name looked up
 * before then (a TypeScript module function reads `pkgs.hello` when it is
 * called, while the modules are being collected) is answered by the set
 * without overlays; once the overlays are known, a name read so that an
 * overlay defines is an error saying to read it lazily, never a package
 * silently left without its overlay. Without overlays the set is the one
 * package set, whenever it is read.
 */
import type { Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { force, NixAttrs, NixFunction, Thunk, type Lazy } from "../nix/value.ts";

export interface SystemPkgsSource {
  /** Whether the modules are still being collected (the overlays are not known yet). */
  readonly collecting: () => boolean;
  /** The configuration's `nixpkgs.overlays`. */
  readonly overlays: () => readonly Lazy[];
  /** The package set with the overlays given. */
  readonly packageSet: (overlays: readonly Lazy[]) => NixAttrs;
}

export interface SystemPkgs {
  readonly pkgs: NixAttrs;
  /** Once the modules are collected: refuses what was read early that an overlay defines (the overlays are read only if something was). */
  readonly settle: () => void;
}

export function systemPkgs(src: SystemPkgsSource): SystemPkgs {
  const base = new Thunk(() => src.packageSet([]), "pkgs");
  const early = new Set<string>();
  const final = new Thunk(() => {
    const overlays = src.overlays();
    if (overlays.length === 0) return force(base);
    const set = src.packageSet(overlays);
    refuseEarlyReads(early, overlays, set);
    return set;
  }, "pkgs");
  const current = () => force(src.collecting() ? base : final) as NixAttrs;
  return {
    pkgs: new NixAttrs(new PhasedMap(current, early, src.collecting)),
    settle: () => {
      if (early.size > 0) force(final);
    },
  };
}

/** The names the overlays define (each called with the final set for both arguments: its names, not its values, are read). */
function refuseEarlyReads(early: ReadonlySet<string>, overlays: readonly Lazy[], set: NixAttrs): void {
  if (early.size === 0) return;
  const defined = new Set<string>();
  for (const o of overlays) {
    const f = force(o);
    if (!(f instanceof NixFunction)) continue;
    const g = force(f.call(set));
    const layer = g instanceof NixFunction ? force(g.call(set)) : g;
    if (layer instanceof NixAttrs) for (const k of layer.keys()) defined.add(k);
  }
  const both = [...early].filter((n) => defined.has(n)).sort();
  if (both.length === 0) return;
  const names = both.map((n) => `pkgs.${n}`).join(", ");
  throw new UserError(
    `${names} ${both.length === 1 ? "was" : "were"} read while the modules were being collected, before \`nixpkgs.overlays' could apply, and an overlay defines ${both.length === 1 ? "it" : "them"}: ` +
      "read a package an overlay gives lazily (in TypeScript, in a getter or `lazy(() => …)', or interpolated in a template string), so that it is the overlay's",
  );
}

/** The set's names: the set without overlays while collecting (remembering what is read), then the final one. */
class PhasedMap implements ReadonlyMap<string, Lazy> {
  readonly openKeys = true as const;
  readonly #current: () => NixAttrs;
  readonly #early: Set<string>;
  readonly #collecting: () => boolean;
  constructor(current: () => NixAttrs, early: Set<string>, collecting: () => boolean) {
    this.#current = current;
    this.#early = early;
    this.#collecting = collecting;
  }
  get(name: string): Lazy | undefined {
    if (this.#collecting()) this.#early.add(name);
    return this.#current().lazy(name);
  }
  /** `get` from `site`, which the set learns too (./open-map.ts). */
  getAt(name: string, site: Span): Lazy | undefined {
    if (this.#collecting()) this.#early.add(name);
    return this.#current().lazyAt(name, site);
  }
  has(name: string): boolean {
    return this.#current().has(name);
  }
  get size(): number {
    return this.#current().map.size;
  }
  forEach(cb: (value: Lazy, key: string, map: ReadonlyMap<string, Lazy>) => void): void {
    this.#current().map.forEach((v, k) => cb(v, k, this));
  }
  entries() {
    return this.#current().map.entries();
  }
  keys() {
    return this.#current().map.keys();
  }
  values() {
    return this.#current().map.values();
  }
  [Symbol.iterator]() {
    return this.#current().map.entries();
  }
}
