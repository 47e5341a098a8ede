/**
 * `lib.attrsets`, the everyday part: attribute paths (attrByPath,
 * setAttrByPath, getAttrFromPath, hasAttrByPath), mapping and filtering
 * (mapAttrs, mapAttrs', mapAttrsToList, filterAttrs, genAttrs), folding,
 * and the set builtins lib re-exports (attrNames, listToAttrs, …). Values
 * stay lazy; only what decides the shape of a result is forced.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { EvalError } from "../nix/errors.ts";
import { call, fn, lazyCall } from "./fn.ts";
import { lookupPath, setAttrByPath } from "../nix/attr-paths.ts";
import { attrs, expectAttrs, expectBool, expectList, nixAbort, nixThrow, text } from "../nix/expect.ts";

export function getAttr(set: NixAttrs, name: string): Value {
  const v = set.lazy(name);
  if (v === undefined) throw new EvalError(`attribute '${name}' missing`);
  return force(v);
}

/** `listToAttrs`: the first of several entries with the same name wins. */
export function listToAttrs(list: readonly Lazy[]): NixAttrs {
  const map = new Map<string, Lazy>();
  for (const e of list) {
    const entry = expectAttrs(e);
    const name = text(getAttr(entry, "name"));
    // As builtins.listToAttrs, an entry without `value` is an error at once, not when the value is read.
    const value = entry.lazy("value") ?? getAttr(entry, "value");
    if (!map.has(name)) map.set(name, value);
  }
  return new NixAttrs(map);
}

export function mapAttrs(f: Lazy, set: NixAttrs): NixAttrs {
  return new NixAttrs(new Map([...set.map].map(([k, v]) => [k, lazyCall(f, k, v)])));
}

export function attrsetsLib(): Record<string, Value> {
  const nameValuePair = (name: Lazy, value: Lazy) => attrs({ name, value });
  return {
    attrByPath: fn("attrByPath", (path, dflt, set) => force(lookupPath(force(set), expectList(path).map(text)) ?? dflt)),
    hasAttrByPath: fn("hasAttrByPath", (path, set) => {
      let cur: Lazy = set;
      for (const name of expectList(path)) {
        const x = force(cur);
        const next = x instanceof NixAttrs ? x.lazy(text(name)) : undefined;
        if (next === undefined) return false;
        cur = next;
      }
      return true;
    }),
    setAttrByPath: fn("setAttrByPath", (path, value) => force(setAttrByPath(expectList(path).map(text), value))),
    getAttrFromPath: fn("getAttrFromPath", (path, set) => {
      const p = expectList(path).map(text);
      return force(lookupPath(force(set), p) ?? nixAbort(`cannot find attribute '${p.join(".")}'`));
    }),
    attrVals: fn("attrVals", (names, set) => expectList(names).map((n) => new Thunk(() => getAttr(expectAttrs(set), text(n))))),
    getAttrs: fn("getAttrs", (names, set) => {
      const s = expectAttrs(set);
      return new NixAttrs(new Map(expectList(names).map((n) => [text(n), new Thunk(() => getAttr(s, text(n)))])));
    }),
    nameValuePair: fn("nameValuePair", nameValuePair),
    "mapAttrs'": fn("mapAttrs'", (f, set) => {
      const s = expectAttrs(set);
      return listToAttrs(s.keys().map((k) => call(f, k, s.lazy(k) as Lazy)));
    }),
    mapAttrsToList: fn("mapAttrsToList", (f, set) => {
      const s = expectAttrs(set);
      return s.keys().map((k) => lazyCall(f, k, s.lazy(k) as Lazy));
    }),
    mapAttrsFlatten: fn("mapAttrsFlatten", (f, set) => {
      const s = expectAttrs(set);
      return s.keys().map((k) => lazyCall(f, k, s.lazy(k) as Lazy));
    }),
    attrsToList: fn("attrsToList", (set) => {
      const s = expectAttrs(set);
      return s.keys().map((k) => nameValuePair(k, s.lazy(k) as Lazy));
    }),
    concatMapAttrs: fn("concatMapAttrs", (f, set) => {
      const s = expectAttrs(set);
      return s.keys().reduce((acc, k) => acc.update(expectAttrs(call(f, k, s.lazy(k) as Lazy))), NixAttrs.empty);
    }),
    filterAttrs: fn("filterAttrs", (pred, set) => {
      const s = expectAttrs(set);
      return new NixAttrs(new Map([...s.map].filter(([k, v]) => expectBool(call(pred, k, v)))));
    }),
    foldlAttrs: fn("foldlAttrs", (f, init, set) => {
      const s = expectAttrs(set);
      return s.keys().reduce<Value>((acc, k) => call(f, acc, k, s.lazy(k) as Lazy), force(init));
    }),
    foldAttrs: fn("foldAttrs", (op, nul, list) => {
      const map = new Map<string, Lazy>();
      for (const e of [...expectList(list)].reverse()) {
        for (const [k, v] of expectAttrs(e).map) map.set(k, lazyCall(op, v, map.get(k) ?? nul));
      }
      return new NixAttrs(map);
    }),
    genAttrs: fn("genAttrs", (names, f) => new NixAttrs(new Map(expectList(names).map((n) => [text(n), lazyCall(f, n)])))),
    "genAttrs'": fn("genAttrs'", (xs, f) => listToAttrs(expectList(xs).map((x) => lazyCall(f, x)))),
    optionalAttrs: fn("optionalAttrs", (cond, set) => (expectBool(cond) ? force(set) : NixAttrs.empty)),
    mergeAttrsList: fn("mergeAttrsList", (list) => expectList(list).reduce<NixAttrs>((acc, s) => acc.update(expectAttrs(s)), NixAttrs.empty)),
    recurseIntoAttrs: fn("recurseIntoAttrs", (set) => expectAttrs(set).update(attrs({ recurseForDerivations: true }))),
    dontRecurseIntoAttrs: fn("dontRecurseIntoAttrs", (set) => expectAttrs(set).update(attrs({ recurseForDerivations: false }))),
    overrideExisting: fn("overrideExisting", (old, update) => {
      const u = expectAttrs(update);
      return new NixAttrs(new Map([...expectAttrs(old).map].map(([k, v]) => [k, u.has(k) ? (u.lazy(k) as Lazy) : v])));
    }),
    unionOfDisjoint: fn("unionOfDisjoint", (x, y) => {
      const [a, b] = [expectAttrs(x), expectAttrs(y)];
      const collisions = a.keys().filter((k) => b.has(k));
      const map = new Map(a.update(b).map);
      for (const k of collisions) {
        map.set(k, new Thunk(() => nixThrow(`unionOfDisjoint: collision on ${k}; complete list: ${collisions.join(" ")}`)));
      }
      return new NixAttrs(map);
    }),
  };
}

export { lookupPath, setAttrByPath };
