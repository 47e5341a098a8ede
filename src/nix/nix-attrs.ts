/**
 * An attribute set value. Two representations behind one interface:
 *
 * - array-backed: a Layout (sorted names and their positions, shared by
 *   every set one literal makes, and by `mapAttrs`'s results) and a values
 *   array in the same order. Set literals, `//`, `mapAttrs`, `removeAttrs`,
 *   `intersectAttrs` and `NixAttrs.from` make these: no hash table per set,
 *   names already in Nix's order, and `//` a merge of two sorted arrays.
 * - map-backed: any ReadonlyMap given to the constructor (including open
 *   maps, ./open-map.ts), with an optional map of positions.
 *
 * `map` and `pos` stay available for either (an array-backed set makes
 * each on first use and keeps it); the evaluator itself uses `keys`,
 * `lazy`, `posOf`, `sortedValues` and `forEach`, which make nothing.
 */
import type { Span } from "../diagnostics/location.ts";
import { compareNames, isSortedUnique, Layout, shapeOf } from "./attrs-layout.ts";
import { force, type Lazy, type Value } from "./value.ts";
import { isSiteAware } from "./open-map.ts";

const EMPTY_MAP: ReadonlyMap<string, Lazy> = new Map();

export class NixAttrs {
  /** Array-backed: the names and positions. */
  #layout: Layout | undefined;
  /** Array-backed: the values, in the layout's order. */
  #values: Lazy[] | undefined;
  /** Map-backed: the map; array-backed: the map made on first use of `map`. */
  #map: ReadonlyMap<string, Lazy> | undefined;
  /** Map-backed: the positions; array-backed: the map made on first use of `pos`. */
  #pos: ReadonlyMap<string, Span> | undefined;
  /** Map-backed: the sorted names, once asked for. */
  #keys: string[] | undefined;

  constructor(map: ReadonlyMap<string, Lazy>, pos?: ReadonlyMap<string, Span>) {
    this.#map = map;
    this.#pos = pos;
  }

  /** A set with `layout`'s names and `values` in their order (the set owns `values`). */
  static fromLayout(layout: Layout, values: Lazy[]): NixAttrs {
    const s = new NixAttrs(EMPTY_MAP);
    s.#map = undefined;
    s.#layout = layout;
    s.#values = values;
    return s;
  }

  /** A set of `names` (without duplicates, in any order) and their values (and positions); the set may keep the arrays, which must not change after. */
  static fromArrays(names: string[], values: Lazy[], spans?: (Span | undefined)[]): NixAttrs {
    if (names.length === 0) return NixAttrs.fromLayout(Layout.empty, values);
    const sorted = isSortedUnique(names);
    if (sorted && spans !== undefined) return NixAttrs.fromLayout(new Layout(names, spans), values);
    // Without positions, sets of the same names in the same order share their shape's layout (and its index).
    const { layout, at } = shapeOf(names);
    if (sorted) return NixAttrs.fromLayout(layout, values);
    const inOrder = new Array<Lazy>(values.length);
    for (let i = 0; i < at.length; i++) inOrder[at[i] as number] = values[i] as Lazy;
    if (spans === undefined) return NixAttrs.fromLayout(layout, inOrder);
    const sortedSpans = new Array<Span | undefined>(spans.length);
    for (let i = 0; i < at.length; i++) sortedSpans[at[i] as number] = spans[i];
    return NixAttrs.fromLayout(new Layout(layout.names, sortedSpans), inOrder);
  }

  static readonly empty = NixAttrs.fromLayout(Layout.empty, []);

  /** A set of a record's own enumerable properties (records of one shape share a layout). */
  static from(entries: Record<string, Lazy>): NixAttrs {
    const names = Object.keys(entries);
    if (names.length === 0) return NixAttrs.empty;
    const { layout, at } = shapeOf(names);
    const values = new Array<Lazy>(names.length);
    for (let i = 0; i < names.length; i++) values[at[i] as number] = entries[names[i] as string] as Lazy;
    return NixAttrs.fromLayout(layout, values);
  }

  /** The names → values map (made on first use for an array-backed set). */
  get map(): ReadonlyMap<string, Lazy> {
    let m = this.#map;
    if (m === undefined) {
      const names = (this.#layout as Layout).names;
      const values = this.#values as Lazy[];
      const made = new Map<string, Lazy>();
      for (let i = 0; i < names.length; i++) made.set(names[i] as string, values[i] as Lazy);
      this.#map = m = made;
    }
    return m;
  }

  /** The names → positions map, if any name has one (made on first use for an array-backed set). */
  get pos(): ReadonlyMap<string, Span> | undefined {
    const layout = this.#layout;
    if (layout === undefined || this.#pos !== undefined) return this.#pos;
    const spans = layout.spans;
    if (spans === undefined) return undefined;
    const made = new Map<string, Span>();
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      if (s !== undefined) made.set(layout.names[i] as string, s);
    }
    this.#pos = made;
    return made;
  }

  /** Where `name` was defined, if known. */
  posOf(name: string): Span | undefined {
    const layout = this.#layout;
    if (layout === undefined) return this.#pos?.get(name);
    if (layout.spans === undefined) return undefined;
    const i = layout.indexOf(name);
    return i < 0 ? undefined : layout.spans[i];
  }

  get size(): number {
    const layout = this.#layout;
    return layout === undefined ? (this.#map as ReadonlyMap<string, Lazy>).size : layout.names.length;
  }

  has(name: string): boolean {
    const layout = this.#layout;
    return layout === undefined ? (this.#map as ReadonlyMap<string, Lazy>).has(name) : layout.indexOf(name) >= 0;
  }

  /** The lazy value of `name`, or undefined. */
  lazy(name: string): Lazy | undefined {
    const layout = this.#layout;
    if (layout === undefined) return (this.#map as ReadonlyMap<string, Lazy>).get(name);
    const i = layout.indexOf(name);
    return i < 0 ? undefined : (this.#values as Lazy[])[i];
  }

  /** `lazy`, for a selection at `site` (`s.name`, `with s; name`, `inherit (s) name`): a map-backed set whose map wants to know where is told (./open-map.ts). */
  lazyAt(name: string, site: Span): Lazy | undefined {
    const map = this.#layout === undefined ? this.#map : undefined;
    return map !== undefined && isSiteAware(map) ? map.getAt(name, site) : this.lazy(name);
  }

  /** The forced value of `name`, or undefined when absent. */
  get(name: string): Value | undefined {
    const v = this.lazy(name);
    return v === undefined ? undefined : force(v);
  }

  /** Names in Nix's order (sorted by code unit, as C++ Nix's symbol order for output). Not to be modified. */
  keys(): string[] {
    const layout = this.#layout;
    if (layout !== undefined) return layout.names as string[];
    return (this.#keys ??= [...(this.#map as ReadonlyMap<string, Lazy>).keys()].sort(compareNames));
  }

  /** The values in the order of `keys()` (a new array). */
  sortedValues(): Lazy[] {
    if (this.#layout !== undefined) return (this.#values as Lazy[]).slice();
    const map = this.#map as ReadonlyMap<string, Lazy>;
    return this.keys().map((k) => map.get(k) as Lazy);
  }

  /** The values in the order of `keys()`, not to be modified (an array-backed set's own). */
  valuesInOrder(): readonly Lazy[] {
    return this.#layout !== undefined ? (this.#values as Lazy[]) : this.sortedValues();
  }

  /** Calls `f` for each attribute, in the order of `keys()`. */
  forEach(f: (value: Lazy, name: string) => void): void {
    const names = this.keys();
    const values = this.#layout !== undefined ? (this.#values as Lazy[]) : undefined;
    const map = this.#map as ReadonlyMap<string, Lazy>;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      f(values !== undefined ? (values[i] as Lazy) : (map.get(name) as Lazy), name);
    }
  }

  /** The layout, when the set is array-backed (for builtins that keep it, as `mapAttrs`). */
  get layout(): Layout | undefined {
    return this.#layout;
  }

  /** The layout of any set (a map-backed one's made now). */
  #anyLayout(): Layout {
    const layout = this.#layout;
    if (layout !== undefined) return layout;
    const names = this.keys();
    const pos = this.#pos;
    return new Layout(names, pos === undefined || pos.size === 0 ? undefined : names.map((n) => pos.get(n)));
  }

  /** `//`: the right side wins; a merge of the two sorted name lists. */
  update(right: NixAttrs): NixAttrs {
    if (right.size === 0) return this;
    if (this.size === 0) return right;
    const la = this.#anyLayout();
    const lb = right.#anyLayout();
    const va = this.valuesInOrder();
    const vb = right.valuesInOrder();
    const a = la.names;
    const b = lb.names;
    const withSpans = la.spans !== undefined || lb.spans !== undefined;
    const names: string[] = [];
    const values: Lazy[] = [];
    const spans: (Span | undefined)[] | undefined = withSpans ? [] : undefined;
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      let fromB: boolean;
      if (j === b.length) fromB = false;
      else if (i === a.length) fromB = true;
      else {
        const x = a[i] as string;
        const y = b[j] as string;
        if (x === y) i++;
        fromB = !(x < y);
      }
      if (fromB) {
        names.push(b[j] as string);
        values.push(vb[j] as Lazy);
        if (spans !== undefined) spans.push(lb.spanAt(j));
        j++;
      } else {
        names.push(a[i] as string);
        values.push(va[i] as Lazy);
        if (spans !== undefined) spans.push(la.spanAt(i));
        i++;
      }
    }
    return NixAttrs.fromLayout(new Layout(names, spans), values);
  }
}
