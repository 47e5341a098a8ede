/**
 * Sets whose names cannot all be listed: a package set in which every
 * valid identifier is a package answers `has`/`get` for any name, but
 * lists only the names it has been asked for. Such a map says so with
 * `openKeys`, and `builtins.mapAttrs` over it gives a set open the same
 * way (each name mapped when first asked for), as mapping over nixpkgs'
 * package set in Nix gives every package (home-manager's documentation
 * maps over `pkgs` to scrub it, then reads any package from the result).
 */
import type { Lazy } from "./value.ts";

export interface OpenMap extends ReadonlyMap<string, Lazy> {
  readonly openKeys: true;
}

export function isOpenMap(m: ReadonlyMap<string, Lazy>): m is OpenMap {
  return (m as Partial<OpenMap>).openKeys === true;
}

/** `inner` with each value mapped by `f` (once per name, when first asked for). */
export class MappedOpenMap implements OpenMap {
  readonly openKeys = true as const;
  readonly #inner: OpenMap;
  readonly #f: (name: string, value: Lazy) => Lazy;
  readonly #cache = new Map<string, Lazy>();
  constructor(inner: OpenMap, f: (name: string, value: Lazy) => Lazy) {
    this.#inner = inner;
    this.#f = f;
  }
  get(name: string): Lazy | undefined {
    const hit = this.#cache.get(name);
    if (hit !== undefined) return hit;
    const v = this.#inner.get(name);
    if (v === undefined) return undefined;
    const mapped = this.#f(name, v);
    this.#cache.set(name, mapped);
    return mapped;
  }
  has(name: string): boolean {
    return this.#inner.has(name);
  }
  #listed(): Map<string, Lazy> {
    return new Map([...this.#inner.keys()].map((k) => [k, this.get(k) as Lazy]));
  }
  get size(): number {
    return this.#inner.size;
  }
  forEach(cb: (value: Lazy, key: string, map: ReadonlyMap<string, Lazy>) => void): void {
    this.#listed().forEach((v, k) => cb(v, k, this));
  }
  entries() {
    return this.#listed().entries();
  }
  keys() {
    return this.#listed().keys();
  }
  values() {
    return this.#listed().values();
  }
  [Symbol.iterator]() {
    return this.#listed().entries();
  }
}

/** Every name `accepts` admits, its value `make(name)` made once when first asked for; lists only the names asked for. */
export class LazyOpenMap implements OpenMap {
  readonly openKeys = true as const;
  readonly #accepts: (name: string) => boolean;
  readonly #make: (name: string) => Lazy;
  readonly #cache = new Map<string, Lazy>();
  constructor(accepts: (name: string) => boolean, make: (name: string) => Lazy) {
    this.#accepts = accepts;
    this.#make = make;
  }
  get(name: string): Lazy | undefined {
    if (!this.#accepts(name)) return undefined;
    let v = this.#cache.get(name);
    if (v === undefined) {
      v = this.#make(name);
      this.#cache.set(name, v);
    }
    return v;
  }
  has(name: string): boolean {
    return this.#accepts(name);
  }
  get size(): number {
    return this.#cache.size;
  }
  forEach(cb: (value: Lazy, key: string, map: ReadonlyMap<string, Lazy>) => void): void {
    this.#cache.forEach((v, k) => cb(v, k, this));
  }
  entries() {
    return this.#cache.entries();
  }
  keys() {
    return this.#cache.keys();
  }
  values() {
    return this.#cache.values();
  }
  [Symbol.iterator]() {
    return this.#cache.entries();
  }
}
