/**
 * List builtins. Lists are strict in their spine and lazy in their
 * elements: `map`, `genList` and `concatMap`'s results keep elements as
 * thunks, while predicates (`filter`, `all`, `any`, `partition`, `groupBy`)
 * run eagerly. `foldl'` is a plain loop that forces each accumulator, so a
 * long list never deepens the JavaScript stack. `sort` and
 * `genericClosure` live in their own files.
 */
import { valuesEqual } from "../equality.ts";
import { EvalError } from "../errors.ts";
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../value.ts";
import { argFrame, call1, call2, callFunction, forceBool, forceFunction, forceInt, forceList, forceStringNoCtx, primop } from "./primop.ts";

function elemAt(l: Lazy, n: Lazy): Value {
  const list = forceList(l, argFrame(0, "elemAt"));
  const i = forceInt(n, argFrame(1, "elemAt"));
  if (i < 0n || i >= BigInt(list.length)) throw new EvalError(`list index ${i} is out of bounds`);
  return force(list[Number(i)] as Lazy);
}

function foldl(op: Lazy, nul: Lazy, l: Lazy): Value {
  const fn = forceFunction(op, argFrame(0, "foldlStrict"));
  const list = forceList(l, argFrame(2, "foldlStrict"));
  let acc: Lazy = nul;
  for (let i = 0; i < list.length; i++) acc = call2(fn, acc, list[i] as Lazy);
  return force(acc);
}

const FILTER_RESULT = new Map<string, string>();

function predicate(name: string, fn: Value, x: Lazy): boolean {
  const v = call1(fn, x);
  if (typeof v === "boolean") return v;
  let frame = FILTER_RESULT.get(name);
  if (frame === undefined) FILTER_RESULT.set(name, (frame = `while evaluating the return value of the filtering function passed to builtins.${name}`));
  return forceBool(v, frame);
}

function filter(f: Lazy, l: Lazy): Value {
  const fn = forceFunction(f, argFrame(0, "filter"));
  const list = forceList(l, argFrame(1, "filter"));
  return list.filter((x) => predicate("filter", fn, x));
}

function genList(f: Lazy, n: Lazy): Value {
  const len = forceInt(n, argFrame(1, "genList"));
  if (len < 0n) throw new EvalError(`cannot create list of size ${len}`);
  if (len === 0n) return [];
  const fn = forceFunction(f, argFrame(0, "genList"));
  const out: Lazy[] = new Array(Number(len));
  const apply = (i: number): Value => call1(fn, BigInt(i));
  for (let i = 0; i < out.length; i++) out[i] = Thunk.deferred(apply, i);
  return out;
}

function concatLists(ls: Lazy): Value {
  const out: Lazy[] = [];
  for (const l of forceList(ls, argFrame(0, "concatLists"))) {
    for (const x of forceList(l, "while evaluating a value of the list passed to builtins.concatLists")) out.push(x);
  }
  return out;
}

function concatMap(f: Lazy, l: Lazy): Value {
  const fn = forceFunction(f, argFrame(0, "concatMap"));
  const out: Lazy[] = [];
  for (const x of forceList(l, argFrame(1, "concatMap"))) {
    const r = forceList(call1(fn, x), "while evaluating the return value of the function passed to builtins.concatMap");
    for (const y of r) out.push(y);
  }
  return out;
}

function groupBy(f: Lazy, l: Lazy): Value {
  const fn = forceFunction(f, argFrame(0, "groupBy"));
  const groups = new Map<string, Lazy[]>();
  for (const x of forceList(l, argFrame(1, "groupBy"))) {
    const key = forceStringNoCtx(callFunction(fn, x), "while evaluating the return value of the grouping function passed to builtins.groupBy");
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [x]);
    else g.push(x);
  }
  return new NixAttrs(groups);
}

function partition(f: Lazy, l: Lazy): Value {
  const fn = forceFunction(f, argFrame(0, "partition"));
  const right: Lazy[] = [];
  const wrong: Lazy[] = [];
  for (const x of forceList(l, argFrame(1, "partition"))) (predicate("partition", fn, x) ? right : wrong).push(x);
  return NixAttrs.from({ right, wrong });
}

export function listBuiltins(): Record<string, Value> {
  const quantifier = (name: string, stopOn: boolean) => {
    const frame = `while evaluating the return value of the function passed to builtins.${name}`;
    return primop(name, 2, (f, l) => {
      const fn = forceFunction(f, argFrame(0, name));
      for (const x of forceList(l, argFrame(1, name))) {
        const r = forceBool(call1(fn, x), frame);
        if (r === stopOn) return stopOn;
      }
      return !stopOn;
    });
  };
  return {
    map: primop("map", 2, (f, l) => {
      const list = forceList(l, argFrame(1, "map"));
      if (list.length === 0) return [];
      const fn = forceFunction(f, argFrame(0, "map"));
      const apply = (x: Lazy): Value => call1(fn, x);
      return list.map((x) => Thunk.deferred(apply, x));
    }),
    filter: primop("filter", 2, filter),
    "foldl'": primop("foldl'", 3, foldl),
    length: primop("length", 1, (l) => BigInt(forceList(l, argFrame(0, "length")).length)),
    head: primop("head", 1, (l) => {
      const list = forceList(l, argFrame(0, "head"));
      if (list.length === 0) throw new EvalError("'builtins.head' called on an empty list");
      return force(list[0] as Lazy);
    }),
    tail: primop("tail", 1, (l) => {
      const list = forceList(l, argFrame(0, "tail"));
      if (list.length === 0) throw new EvalError("'builtins.tail' called on an empty list");
      return list.slice(1);
    }),
    elemAt: primop("elemAt", 2, elemAt),
    elem: primop("elem", 2, (x, l) => {
      const v = force(x);
      return forceList(l, argFrame(1, "elem")).some((y) => y === x || valuesEqual(v, force(y)));
    }),
    concatLists: primop("concatLists", 1, concatLists),
    concatMap: primop("concatMap", 2, concatMap),
    genList: primop("genList", 2, genList),
    all: quantifier("all", false),
    any: quantifier("any", true),
    partition: primop("partition", 2, partition),
    groupBy: primop("groupBy", 2, groupBy),
  };
}
