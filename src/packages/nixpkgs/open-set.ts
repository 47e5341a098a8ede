/**
 * `openSet f`: a set that has every attribute name `f` accepts (valid Nix
 * identifiers and package names), its value `f name`, computed when first
 * asked for. pkgs.nix builds package sets of other package sets with it
 * (`python3Packages.<name>` as Debian's python3-<name>, `vimPlugins.<name>`),
 * whose names cannot all be listed (an OpenMap, as pkgs itself is).
 */
import { mkString } from "../../nix/coerce.ts";
import type { OpenMap } from "../../nix/open-map.ts";
import { force, NixAttrs, NixFunction, Thunk, type Lazy } from "../../nix/value.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_'+.-]*$/;

class FunctionOpenMap implements OpenMap {
  readonly openKeys = true as const;
  readonly #f: Lazy;
  readonly #cache = new Map<string, Lazy>();
  constructor(f: Lazy) {
    this.#f = f;
  }
  get(name: string): Lazy | undefined {
    if (!NAME.test(name)) return undefined;
    let v = this.#cache.get(name);
    if (v === undefined) {
      v = new Thunk(() => force((force(this.#f) as NixFunction).call(mkString(name, new Set()))), name);
      this.#cache.set(name, v);
    }
    return v;
  }
  has(name: string): boolean {
    return NAME.test(name);
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

/** The Nix function `openSet`. */
export const openSetFunction = new NixFunction((f) => new NixAttrs(new FunctionOpenMap(f)), undefined, "openSet");
