/**
 * The names of an array-backed attribute set, in Nix's order (sorted by
 * code unit), with their positions: one Layout is shared by every set a
 * set literal makes and by `mapAttrs`'s results, so such a set costs its
 * values array and little more. Small layouts are searched, larger ones
 * get a name → index map on their first lookup.
 */
import type { Span } from "../diagnostics/location.ts";

/** Layouts this small are searched instead of indexed. */
const SCAN = 8;

export class Layout {
  /** Sorted, without duplicates. */
  readonly names: readonly string[];
  /** Positions by index, when any name has one. */
  readonly spans: readonly (Span | undefined)[] | undefined;
  #index: Map<string, number> | undefined;
  #withoutSpans: Layout | undefined;

  constructor(names: readonly string[], spans: readonly (Span | undefined)[] | undefined) {
    this.names = names;
    this.spans = spans;
  }

  static readonly empty = new Layout([], undefined);

  /** The index of `name`, or -1. */
  indexOf(name: string): number {
    const names = this.names;
    if (names.length <= SCAN) {
      for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
      return -1;
    }
    let index = this.#index;
    if (index === undefined) {
      index = new Map();
      for (let i = 0; i < names.length; i++) index.set(names[i] as string, i);
      this.#index = index;
    }
    return index.get(name) ?? -1;
  }

  /** The position of the name at `i`. */
  spanAt(i: number): Span | undefined {
    return this.spans === undefined ? undefined : this.spans[i];
  }

  /** The same names with no positions (made once per layout), for a set built from another whose positions Nix drops. */
  withoutSpans(): Layout {
    if (this.spans === undefined) return this;
    return (this.#withoutSpans ??= new Layout(this.names, undefined));
  }
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `names` is sorted without duplicates. */
export function isSortedUnique(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (!((names[i - 1] as string) < (names[i] as string))) return false;
  return true;
}

/** Up to this many names are sorted by insertion (a set literal's or a record's few), more by Array.prototype.sort. */
const INSERTION_SORT_MAX = 16;

/**
 * The order that sorts `names` (which has no duplicates): `order[k]` is
 * the index in `names` of the k-th smallest.
 */
export function sortOrder(names: readonly string[]): number[] {
  const n = names.length;
  const order = new Array<number>(n);
  if (n > INSERTION_SORT_MAX) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => compareNames(names[a] as string, names[b] as string));
  }
  for (let i = 0; i < n; i++) {
    const name = names[i] as string;
    let j = i;
    for (; j > 0 && (names[order[j - 1] as number] as string) > name; j--) order[j] = order[j - 1] as number;
    order[j] = i;
  }
  return order;
}

/** A list of names in some order, its layout (sorted) and where each name goes: `at[i]` is names[i]'s index in the layout. */
export interface Shape {
  readonly source: readonly string[];
  readonly layout: Layout;
  readonly at: readonly number[];
}

/** Recent shapes by their first name (records of one shape, as a module system makes, are sorted once). */
const shapes = new Map<string, Shape[]>();
const SHAPES_PER_NAME = 8;
const MAX_FIRST_NAMES = 4096;

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The shape of `names` (without duplicates, not empty), from the cache when it has been seen before. */
export function shapeOf(names: readonly string[]): Shape {
  const first = names[0] as string;
  let bucket = shapes.get(first);
  if (bucket !== undefined) {
    for (const s of bucket) if (sameNames(s.source, names)) return s;
  } else {
    if (shapes.size >= MAX_FIRST_NAMES) shapes.clear();
    shapes.set(first, (bucket = []));
  }
  const order = sortOrder(names);
  const at = new Array<number>(order.length);
  order.forEach((src, k) => (at[src] = k));
  const shape: Shape = { source: names.slice(), layout: new Layout(order.map((i) => names[i] as string), undefined), at };
  if (bucket.length >= SHAPES_PER_NAME) bucket.shift();
  bucket.push(shape);
  return shape;
}
