/**
 * Sets whose names cannot all be listed: a package set in which every
 * valid identifier is a package answers `has`/`get` for any name, but
 * lists only the names it has been asked for. Such a map says so with
 * `openKeys`, and `builtins.mapAttrs` over it gives a set open the same
 * way (each name mapped when first asked for), as mapping over nixpkgs'
 * package set in Nix gives every package (home-manager's documentation
 * maps over `pkgs` to scrub it, then reads any package from the result).
 * A map may also learn where the code selects a name (SiteAwareMap): a
 * package set places the errors of a package it cannot give there.
 */
import type { Span } from "../diagnostics/location.ts";
import type { Lazy } from "./value.ts";

/** A map told where a name is selected (`s.name`, `with s; name`, `inherit (s) name`): `getAt` is `get` from that site. */
export interface SiteAwareMap extends ReadonlyMap<string, Lazy> {
  getAt(name: string, site: Span): Lazy | undefined;
}

export function isSiteAware(m: ReadonlyMap<string, Lazy>): m is SiteAwareMap {
  return typeof (m as Partial<SiteAwareMap>).getAt === "function";
}

/** `m.get(name)`, from `site` when `m` wants to know it. */
export function getAt(m: ReadonlyMap<string, Lazy>, name: string, site: Span): Lazy | undefined {
  return isSiteAware(m) ? m.getAt(name, site) : m.get(name);
}

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
    return this.#cache.get(name) ?? this.#mapped(name, this.#inner.get(name));
  }
  getAt(name: string, site: Span): Lazy | undefined {
    return this.#cache.get(name) ?? this.#mapped(name, getAt(this.#inner, name, site));
  }
  #mapped(name: string, v: Lazy | undefined): Lazy | undefined {
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
  readonly #make: (name: string, site: Span | undefined) => Lazy;
  readonly #cache = new Map<string, Lazy>();
  /** `make(name, site)`: the value of `name`, made once, the first time it is asked for (from `site` when that is known). */
  constructor(accepts: (name: string) => boolean, make: (name: string, site: Span | undefined) => Lazy) {
    this.#accepts = accepts;
    this.#make = make;
  }
  get(name: string): Lazy | undefined {
    return this.getAt(name, undefined);
  }
  getAt(name: string, site: Span | undefined): Lazy | undefined {
    if (!this.#accepts(name)) return undefined;
    let v = this.#cache.get(name);
    if (v === undefined) {
      v = this.#make(name, site);
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
