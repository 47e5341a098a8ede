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
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `names` is sorted without duplicates. */
export function isSortedUnique(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (!((names[i - 1] as string) < (names[i] as string))) return false;
  return true;
}

/**
 * The order that sorts `names` (which has no duplicates): `order[k]` is
 * the index in `names` of the k-th smallest.
 */
export function sortOrder(names: readonly string[]): number[] {
  const order = names.map((_, i) => i);
  return order.sort((a, b) => compareNames(names[a] as string, names[b] as string));
}
