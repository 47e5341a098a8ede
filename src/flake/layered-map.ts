/**
 * One attribute set laid over another, as `bottom // top` but lazy and
 * without listing `bottom`: system-manager's package set answers any
 * package name and cannot list its keys, so nixpkgs' builders and an
 * overlay's attributes are laid over it this way. `top` is forced on the
 * first lookup.
 */
import { force, type Lazy, NixAttrs, type Thunk } from "../nix/value.ts";

export class LayeredMap implements ReadonlyMap<string, Lazy> {
  readonly #top: Thunk;
  readonly #bottom: NixAttrs;
  constructor(top: Thunk, bottom: NixAttrs) {
    this.#top = top;
    this.#bottom = bottom;
  }
  #own(): NixAttrs {
    return force(this.#top) as NixAttrs;
  }
  get(name: string): Lazy | undefined {
    return this.#own().lazy(name) ?? this.#bottom.lazy(name);
  }
  has(name: string): boolean {
    return this.#own().has(name) || this.#bottom.has(name);
  }
  #merged(): Map<string, Lazy> {
    return new Map([...this.#bottom.map, ...this.#own().map]);
  }
  get size(): number {
    return this.#merged().size;
  }
  forEach(cb: (value: Lazy, key: string, map: ReadonlyMap<string, Lazy>) => void): void {
    this.#merged().forEach((v, k) => cb(v, k, this));
  }
  entries() {
    return this.#merged().entries();
  }
  keys() {
    return this.#merged().keys();
  }
  values() {
    return this.#merged().values();
  }
  [Symbol.iterator]() {
    return this.#merged().entries();
  }
}
