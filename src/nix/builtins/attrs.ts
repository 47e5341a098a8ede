/**
 * Attribute-set builtins. Sets are strict in their spine and lazy in their
 * values: `mapAttrs` and `zipAttrsWith` build thunks, `listToAttrs` forces
 * each pair and its name (the first occurrence of a name wins) but not the
 * value. Names are compared and listed in Nix's sorted order. Positions
 * survive where Nix keeps them (removeAttrs, listToAttrs), and `mapAttrs`
 * drops them as Nix does (`unsafeGetAttrPos` of its result is null).
 * `mapAttrs` leaves its function unforced until an attribute is read (as
 * Nix: calling a non-function fails there); `zipAttrsWith` forces it first.
 */
import { isOpenMap, MappedOpenMap } from "../open-map.ts";
import type { Span } from "../../diagnostics/location.ts";
import { Layout } from "../attrs-layout.ts";
import { EvalError } from "../errors.ts";
import { force, lazy, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../value.ts";
import { locate } from "../eval/locate.ts";
import { argFrame, call2, forceAttrs, forceFunction, forceList, forceStringNoCtx, primop } from "./primop.ts";

/** `s.name`, or "attribute 'name' missing". */
export function getAttrOrThrow(s: NixAttrs, name: string, frame?: string): Lazy {
  const v = s.lazy(name);
  if (v !== undefined) return v;
  const e = new EvalError(`attribute '${name}' missing`);
  throw frame === undefined ? e : e.withContext(frame);
}

/** The attributes of `from` whose names `keep` admits (positions kept). */
function filtered(from: NixAttrs, keep: (name: string) => boolean): NixAttrs {
  const names: string[] = [];
  const values: Lazy[] = [];
  const spans: (Span | undefined)[] = [];
  let anySpan = false;
  from.forEach((v, k) => {
    if (!keep(k)) return;
    names.push(k);
    values.push(v);
    const p = from.posOf(k);
    if (p !== undefined) anySpan = true;
    spans.push(p);
  });
  return NixAttrs.fromLayout(new Layout(names, anySpan ? spans : undefined), values);
}

/** Runs `read` of `set.name`, placing an error that nothing closer placed at the attribute. */
function atAttr<T>(set: NixAttrs, name: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    const at = set.posOf(name);
    throw at === undefined ? e : locate(e, at);
  }
}

function listToAttrs(list: Lazy): Value {
  const items = forceList(list, argFrame(0, "listToAttrs"));
  const map = new Map<string, Lazy>();
  const pos = new Map<string, Span>();
  for (const item of items) {
    const pair = forceAttrs(item, "while evaluating an element of the list passed to builtins.listToAttrs");
    const nameV = getAttrOrThrow(pair, "name", "in a {name=...; value=...;} pair");
    const name = atAttr(pair, "name", () => forceStringNoCtx(nameV, "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs"));
    const value = getAttrOrThrow(pair, "value", "in a {name=...; value=...;} pair");
    if (map.has(name)) continue;
    map.set(name, value);
    const p = pair.posOf("value");
    if (p !== undefined) pos.set(name, p);
  }
  return new NixAttrs(map, pos.size > 0 ? pos : undefined);
}

function zipAttrsWith(f: Lazy, sets: Lazy): Value {
  const fn = forceFunction(f, argFrame(0, "zipAttrsWith"));
  const list = forceList(sets, argFrame(1, "zipAttrsWith"));
  const grouped = new Map<string, { values: Lazy[]; span: Span | undefined }>();
  for (const item of list) {
    const s = forceAttrs(item, "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith");
    s.forEach((v, k) => {
      const g = grouped.get(k);
      if (g === undefined) grouped.set(k, { values: [v], span: s.posOf(k) });
      else g.values.push(v);
    });
  }
  const map = new Map<string, Lazy>();
  const apply = (a: Entry): Value => applyLocated(fn, a);
  for (const [k, g] of grouped) map.set(k, Thunk.deferred(apply, new Entry(k, g.values, g.span)));
  return new NixAttrs(map);
}

/** A name, its value and its position: the argument of a thunk `f name value` (smaller than a closure over them). */
class Entry {
  readonly name: string;
  readonly value: Lazy;
  readonly span: Span | undefined;
  constructor(name: string, value: Lazy, span: Span | undefined) {
    this.name = name;
    this.value = value;
    this.span = span;
  }
}

/**
 * `f name value`, forced later by whoever reads the attribute, where no
 * expression of the caller's is at hand to locate what goes wrong: an error
 * without a location is placed at the lambda `f` (as Nix places "attempt to
 * call something which is not a function" there), else at the attribute.
 */
function applyLocated(f: Value, a: Entry): Value {
  try {
    return call2(f, a.name, a.value);
  } catch (e) {
    const span = f instanceof NixFunction ? f.info.span ?? a.span : a.span;
    throw span === undefined ? e : locate(e, span);
  }
}

function functionArgs(f: Lazy): Value {
  const fn = force(f);
  if (!(fn instanceof NixFunction)) throw new EvalError("'functionArgs' requires a function");
  if (fn.formals === undefined) return NixAttrs.empty;
  return new NixAttrs(new Map<string, Lazy>(fn.formals.names), fn.formals.positions);
}

function unsafeGetAttrPos(name: Lazy, set: Lazy): Value {
  const n = forceStringNoCtx(name, argFrame(0, "unsafeGetAttrPos"));
  const s = forceAttrs(set, argFrame(1, "unsafeGetAttrPos"));
  const p = s.posOf(n);
  if (p === undefined || !s.has(n)) return null;
  return NixAttrs.from({ file: p.file, line: BigInt(p.line), column: BigInt(p.column) });
}

export function attrsBuiltins(): Record<string, Value> {
  return {
    attrNames: primop("attrNames", 1, (s) => forceAttrs(s, argFrame(0, "attrNames")).keys()),
    attrValues: primop("attrValues", 1, (s) => {
      const set = forceAttrs(s, argFrame(0, "attrValues"));
      return set.sortedValues();
    }),
    hasAttr: primop("hasAttr", 2, (n, s) => {
      const name = forceStringNoCtx(n, argFrame(0, "hasAttr"));
      return forceAttrs(s, argFrame(1, "hasAttr")).has(name);
    }),
    getAttr: primop("getAttr", 2, (n, s) => {
      const name = forceStringNoCtx(n, argFrame(0, "getAttr"));
      return force(getAttrOrThrow(forceAttrs(s, argFrame(1, "getAttr")), name, "in the attribute set under consideration"));
    }),
    removeAttrs: primop("removeAttrs", 2, (s, names) => {
      const set = forceAttrs(s, argFrame(0, "removeAttrs"));
      const drop = forceList(names, argFrame(1, "removeAttrs")).map((n) =>
        forceStringNoCtx(n, "while evaluating the values of the second argument passed to builtins.removeAttrs"),
      );
      if (!drop.some((n) => set.has(n))) return set;
      const dropped = new Set(drop);
      return filtered(set, (k) => !dropped.has(k));
    }),
    intersectAttrs: primop("intersectAttrs", 2, (a, b) => {
      const left = forceAttrs(a, argFrame(0, "intersectAttrs"));
      const right = forceAttrs(b, argFrame(1, "intersectAttrs"));
      return filtered(right, (k) => left.has(k));
    }),
    listToAttrs: primop("listToAttrs", 1, listToAttrs),
    mapAttrs: primop("mapAttrs", 2, (f, s) => {
      const set = forceAttrs(s, argFrame(1, "mapAttrs"));
      if (set.layout === undefined && isOpenMap(set.map)) return new NixAttrs(new MappedOpenMap(set.map, (k, v) => lazy(() => applyLocated(force(f), new Entry(k, v, undefined)))));
      const apply = (a: Entry): Value => applyLocated(force(f), a);
      const names = set.keys();
      const values = set.sortedValues();
      for (let i = 0; i < values.length; i++) values[i] = Thunk.deferred(apply, new Entry(names[i] as string, values[i] as Lazy, set.posOf(names[i] as string)));
      const layout = set.layout;
      return NixAttrs.fromLayout(layout !== undefined ? layout.withoutSpans() : new Layout(names, undefined), values);
    }),
    zipAttrsWith: primop("zipAttrsWith", 2, zipAttrsWith),
    catAttrs: primop("catAttrs", 2, (n, l) => {
      const name = forceStringNoCtx(n, argFrame(0, "catAttrs"));
      const out: Lazy[] = [];
      for (const item of forceList(l, argFrame(1, "catAttrs"))) {
        const v = forceAttrs(item, "while evaluating an element in the list passed as second argument to builtins.catAttrs").lazy(name);
        if (v !== undefined) out.push(v);
      }
      return out;
    }),
    functionArgs: primop("functionArgs", 1, functionArgs),
    unsafeGetAttrPos: primop("unsafeGetAttrPos", 2, unsafeGetAttrPos),
  };
}
