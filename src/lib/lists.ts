/**
 * `lib.lists`, the everyday part: folds (foldr and foldl lazy in their
 * accumulator, foldl' strict), indexed maps, concatMap/flatten, optional,
 * range, take/drop/sublist, searching (findFirst, any, all, count) and the
 * list builtins lib re-exports (head, tail, elem, filter, genList, …).
 * Elements stay lazy: mapping creates thunks, nothing is forced early.
 */
import { force, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { EvalError } from "../nix/errors.ts";
import { lessThan } from "../nix/operators.ts";
import { call, fn, lazyCall } from "./fn.ts";
import { expectBool, expectInt, expectList, nixThrow } from "../nix/expect.ts";

const truthy = (f: Lazy, ...args: Lazy[]) => expectBool(call(f, ...args));

export function elemAt(list: Lazy[], n: bigint): Lazy {
  if (n < 0n || n >= BigInt(list.length)) throw new EvalError(`list index ${n} is out of bounds`);
  return list[Number(n)] as Lazy;
}

export function elem(x: Lazy, list: Lazy[]): boolean {
  const v = force(x);
  return list.some((e) => valuesEqual(v, force(e)));
}

/** nixpkgs' sublist: `genList (n: elemAt list (n + start))` of the length that fits, so a negative start gives out-of-bounds elements and a negative length Nix's genList error. */
function sublist(start: number, count: number, list: Lazy[]): Lazy[] {
  const len = list.length;
  const n = start >= len ? 0 : start + count > len ? len - start : count;
  if (n < 0) throw new EvalError(`cannot create list of size ${n}`);
  if (start >= 0) return list.slice(start, start + n);
  return Array.from({ length: n }, (_, i) => (i + start >= 0 ? (list[i + start] as Lazy) : new Thunk(() => force(elemAt(list, BigInt(i + start))))));
}

function foldr(op: Lazy, nul: Lazy, list: Lazy[]): Value {
  const go = (n: number): Value => (n === list.length ? force(nul) : call(op, list[n] as Lazy, new Thunk(() => go(n + 1))));
  return go(0);
}

function flatten(x: Lazy, out: Lazy[]): Lazy[] {
  const v = force(x);
  if (Array.isArray(v)) for (const e of v) flatten(e, out);
  else out.push(v);
  return out;
}

/** `warn` gives lib.warn's warnings (for the deprecated `fold`). */
export function listsLib(warn: (message: string) => void): Record<string, Lazy> {
  const firstIndex = (pred: Lazy, list: Lazy[]) => list.findIndex((x) => truthy(pred, x));
  return {
    last: fn("last", (l) => {
      const list = expectList(l);
      if (list.length === 0) nixThrow("lists.last: list must not be empty!");
      return force(list[list.length - 1] as Lazy);
    }),
    init: fn("init", (l) => {
      const list = expectList(l);
      if (list.length === 0) nixThrow("lists.init: list must not be empty!");
      return list.slice(0, -1);
    }),
    singleton: fn("singleton", (x) => [x]),
    forEach: fn("forEach", (l, f) => expectList(l).map((x) => lazyCall(f, x))),
    foldr: fn("foldr", (op, nul, l) => foldr(op, nul, expectList(l))),
    fold: new Thunk(() => (warn("fold has been deprecated, use foldr instead"), fn("foldr", (op, nul, l) => foldr(op, nul, expectList(l))))),
    foldl: fn("foldl", (op, nul, l) => force(expectList(l).reduce<Lazy>((acc, x) => lazyCall(op, acc, x), nul))),
    imap0: fn("imap0", (f, l) => expectList(l).map((x, i) => lazyCall(f, BigInt(i), x))),
    imap1: fn("imap1", (f, l) => expectList(l).map((x, i) => lazyCall(f, BigInt(i + 1), x))),
    ifilter0: fn("ifilter0", (f, l) => expectList(l).filter((x, i) => truthy(f, BigInt(i), x))),
    flatten: fn("flatten", (x) => flatten(x, [])),
    remove: fn("remove", (e, l) => expectList(l).filter((x) => !elem(x, [e]))),
    findSingle: fn("findSingle", (pred, dflt, multiple, l) => {
      const found = expectList(l).filter((x) => truthy(pred, x));
      return force(found.length === 0 ? dflt : found.length === 1 ? (found[0] as Lazy) : multiple);
    }),
    findFirstIndex: fn("findFirstIndex", (pred, dflt, l) => {
      const i = firstIndex(pred, expectList(l));
      return i < 0 ? force(dflt) : BigInt(i);
    }),
    findFirst: fn("findFirst", (pred, dflt, l) => {
      const list = expectList(l);
      const i = firstIndex(pred, list);
      return force(i < 0 ? dflt : (list[i] as Lazy));
    }),
    count: fn("count", (pred, l) => BigInt(expectList(l).filter((x) => truthy(pred, x)).length)),
    optional: fn("optional", (cond, x) => (expectBool(cond) ? [x] : [])),
    optionals: fn("optionals", (cond, xs) => (expectBool(cond) ? force(xs) : [])),
    toList: fn("toList", (x) => (Array.isArray(force(x)) ? force(x) : [x])),
    range: fn("range", (first, last) => {
      // nixpkgs compares `first > last` first: values that are not integers fail as that comparison fails.
      lessThan(force(last), force(first));
      const [a, b] = [expectInt(first), expectInt(last)];
      return a > b ? [] : Array.from({ length: Number(b - a + 1n) }, (_, i) => a + BigInt(i));
    }),
    replicate: fn("replicate", (n, x) => Array.from({ length: Number(expectInt(n)) }, () => x)),
    zipListsWith: fn("zipListsWith", (f, a, b) => {
      const [xs, ys] = [expectList(a), expectList(b)];
      return Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => lazyCall(f, xs[i] as Lazy, ys[i] as Lazy));
    }),
    reverseList: fn("reverseList", (l) => [...expectList(l)].reverse()),
    take: fn("take", (n, l) => sublist(0, Number(expectInt(n)), expectList(l))),
    drop: fn("drop", (n, l) => sublist(Number(expectInt(n)), expectList(l).length, expectList(l))),
    takeEnd: fn("takeEnd", (n, l) => {
      const list = expectList(l);
      return list.slice(Math.max(0, list.length - Math.max(0, Number(expectInt(n)))));
    }),
    dropEnd: fn("dropEnd", (n, l) => {
      const list = expectList(l);
      return list.slice(0, Math.max(0, list.length - Math.max(0, Number(expectInt(n)))));
    }),
    sublist: fn("sublist", (start, count, l) => sublist(Number(expectInt(start)), Number(expectInt(count)), expectList(l))),
  };
}
