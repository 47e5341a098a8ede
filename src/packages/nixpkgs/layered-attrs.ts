/**
 * An attribute set made of two layers: `top` (a lazily computed set)
 * over `bottom` (any map, such as the Debian package map whose keys
 * cannot be listed). A name `top` has comes from it, every other from
 * `bottom`; `top` is forced only when a name is looked up, and not at all
 * for a name outside `topNames` when the top's names are known ahead.
 * Overlays and the builders over the Debian packages are stacked this way.
 */
import type { Span } from "../../diagnostics/location.ts";
import { getAt, isOpenMap } from "../../nix/open-map.ts";
import { force, NixAttrs, type Lazy } from "../../nix/value.ts";
import { EvalError } from "../../nix/errors.ts";

export class LayeredAttrs implements ReadonlyMap<string, Lazy> {
  readonly #top: Lazy;
  readonly #bottom: ReadonlyMap<string, Lazy>;
  readonly #topNames: ReadonlySet<string> | undefined;
  /** Open (every package name answers) when the layer below is. */
  readonly openKeys: boolean;
  constructor(top: Lazy, bottom: ReadonlyMap<string, Lazy>, topNames?: ReadonlySet<string>) {
    this.#top = top;
    this.#bottom = bottom;
    this.#topNames = topNames;
    this.openKeys = isOpenMap(bottom);
  }
  #layer(): NixAttrs {
    const t = force(this.#top);
    if (!(t instanceof NixAttrs)) throw new EvalError("an overlay must return an attribute set");
    return t;
  }
  get(name: string): Lazy | undefined {
    if (this.#topNames !== undefined && !this.#topNames.has(name)) return this.#bottom.get(name);
    return this.#layer().lazy(name) ?? this.#bottom.get(name);
  }
  /** `get` from `site` (where the configuration selects it), which the layers below learn too. */
  getAt(name: string, site: Span): Lazy | undefined {
    if (this.#topNames !== undefined && !this.#topNames.has(name)) return getAt(this.#bottom, name, site);
    return this.#layer().lazyAt(name, site) ?? getAt(this.#bottom, name, site);
  }
  has(name: string): boolean {
    if (this.#topNames !== undefined && !this.#topNames.has(name)) return this.#bottom.has(name);
    return this.#layer().has(name) || this.#bottom.has(name);
  }
  #merged(): Map<string, Lazy> {
    const m = new Map<string, Lazy>(this.#bottom);
    const top = this.#layer();
    for (const k of top.keys()) m.set(k, top.lazy(k) as Lazy);
    return m;
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
