/**
 * `lib.lists`, the rest: sorting (a stable sort by a "less than"
 * function, `sortOn` with the key computed once per element, compareLists),
 * uniqueness and set operations by Nix equality, partition/groupBy, and
 * `toposort`: repeated depth-first search for a minimal element, which
 * reports the first cycle it meets.
 */
import { force, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { lessThan } from "../nix/operators.ts";
import { valuesEqual } from "../nix/equality.ts";
import { call, fn, lazyCall } from "./fn.ts";
import { attrs, expectBool, expectInt, expectList, text } from "../nix/expect.ts";
import { elem } from "./lists.ts";
import { stableSort } from "../nix/builtins/sort.ts";

/** A stable sort by a "strictly less than" function: builtins.sort's merge sort (one call per comparison). */
export const sortBy: (list: readonly Lazy[], less: (a: Lazy, b: Lazy) => boolean) => Lazy[] = stableSort;

function unique(list: readonly Lazy[]): Lazy[] {
  const out: Lazy[] = [];
  for (const x of list) if (!elem(x, out)) out.push(x);
  return out;
}

function groupBy(pred: Lazy, list: readonly Lazy[]): Map<string, Lazy[]> {
  const groups = new Map<string, Lazy[]>();
  for (const x of list) {
    const key = text(call(pred, x));
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [x]);
    else g.push(x);
  }
  return groups;
}

interface Dfs {
  readonly visited: Lazy[];
  readonly rest: Lazy[];
  readonly minimal?: Lazy;
  readonly cycle?: Lazy;
  readonly loops?: Lazy[];
}

/** nixpkgs `listDfs`: follow "before" edges from the head until an element nothing comes before. */
function listDfs(stopOnCycles: boolean, before: (a: Lazy, b: Lazy) => boolean, list: readonly Lazy[]): Dfs {
  let us = list[0] as Lazy;
  let visited: Lazy[] = [];
  let rest = list.slice(1);
  for (;;) {
    const current = us;
    const loops = visited.filter((x) => before(x, current));
    if (stopOnCycles && loops.length > 0) return { cycle: us, loops, visited, rest };
    const right = rest.filter((x) => before(x, current));
    if (right.length === 0) return { minimal: us, visited, rest };
    const wrong = rest.filter((x) => !before(x, current));
    visited = [us, ...visited];
    us = right[0] as Lazy;
    rest = [...right.slice(1), ...wrong];
  }
}

function toposort(before: (a: Lazy, b: Lazy) => boolean, list: readonly Lazy[]): NixAttrs {
  const result: Lazy[] = [];
  let remaining = [...list];
  while (remaining.length >= 2) {
    const dfs = listDfs(true, before, remaining);
    if (dfs.cycle !== undefined) return attrs({ cycle: [dfs.cycle, ...dfs.visited].reverse(), loops: dfs.loops ?? [] });
    result.push(dfs.minimal as Lazy);
    remaining = [...dfs.visited, ...dfs.rest];
  }
  return attrs({ result: [...result, ...remaining] });
}

export function listsMoreLib(): Record<string, Value> {
  const lessBy = (f: Lazy) => (a: Lazy, b: Lazy) => expectBool(call(f, a, b));
  return {
    sortOn: fn("sortOn", (f, l) => {
      const keyed = expectList(l).map((x) => ({ x, key: call(f, x) }));
      return stableSort(keyed, (a, b) => lessThan(a.key, b.key)).map((k) => k.x);
    }),
    compareLists: fn("compareLists", (cmp, a, b) => {
      const [xs, ys] = [expectList(a), expectList(b)];
      for (let i = 0; ; i++) {
        if (i === xs.length) return i === ys.length ? 0n : -1n;
        if (i === ys.length) return 1n;
        const r = expectInt(call(cmp, xs[i] as Lazy, ys[i] as Lazy));
        if (r !== 0n) return r;
      }
    }),
    unique: fn("unique", (l) => unique(expectList(l))),
    uniqueStrings: fn("uniqueStrings", (l) => {
      const seen = new Set<string>();
      return expectList(l).filter((x) => !seen.has(text(x)) && (seen.add(text(x)), true)).sort((a, b) => (text(a) < text(b) ? -1 : 1));
    }),
    allUnique: fn("allUnique", (l) => unique(expectList(l)).length === expectList(l).length),
    intersectLists: fn("intersectLists", (e, l) => expectList(l).filter((x) => elem(x, expectList(e)))),
    subtractLists: fn("subtractLists", (e, l) => expectList(l).filter((x) => !elem(x, expectList(e)))),
    mutuallyExclusive: fn("mutuallyExclusive", (a, b) => {
      const ys = expectList(b);
      return !expectList(a).some((x) => ys.some((y) => valuesEqual(force(x), force(y))));
    }),
    groupBy: fn("groupBy", (pred, l) => new NixAttrs(groupBy(pred, expectList(l)))),
    "groupBy'": fn("groupBy'", (op, nul, pred, l) => {
      const map = new Map<string, Lazy>();
      for (const [k, xs] of groupBy(pred, expectList(l))) map.set(k, xs.reduce<Lazy>((acc, x) => lazyCall(op, acc, x), nul));
      return new NixAttrs(map);
    }),
    zipLists: fn("zipLists", (a, b) => {
      const [xs, ys] = [expectList(a), expectList(b)];
      return Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => attrs({ fst: xs[i] as Lazy, snd: ys[i] as Lazy }));
    }),
    listDfs: fn("listDfs", (stop, before, l) => {
      const list = expectList(l);
      const r = listDfs(expectBool(stop), lessBy(before), list);
      const base = { visited: r.visited, rest: r.rest };
      return r.cycle !== undefined ? attrs({ ...base, cycle: r.cycle, loops: r.loops ?? [] }) : attrs({ ...base, minimal: r.minimal as Lazy });
    }),
    toposort: fn("toposort", (before, l) => toposort(lessBy(before), expectList(l))),
  };
}
