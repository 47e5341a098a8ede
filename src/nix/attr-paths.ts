/**
 * Walking and building sets along attribute paths, from JavaScript:
 * `lookupPath` (undefined where a step is missing or not a set),
 * `setAttrByPath`, `zipAttrsWith` and `recursiveUpdate(Until)` — lazy per
 * attribute, so only what is read is merged. The lib's functions of the
 * same names and the module system both use these.
 */
import { force, NixAttrs, Thunk, type Lazy } from "./value.ts";
import { expectAttrs } from "./expect.ts";

/** The value at a path, or undefined where the path leaves the sets. */
export function lookupPath(set: Lazy, path: readonly string[]): Lazy | undefined {
  let v: Lazy = set;
  for (const name of path) {
    const x = force(v);
    if (!(x instanceof NixAttrs)) return undefined;
    const next = x.lazy(name);
    if (next === undefined) return undefined;
    v = next;
  }
  return v;
}

export function setAttrByPath(path: readonly string[], value: Lazy): Lazy {
  return path.reduceRight<Lazy>((v, name) => new NixAttrs(new Map([[name, v]])), value);
}

export function zipAttrsWith(f: (name: string, values: Lazy[]) => Lazy, sets: readonly NixAttrs[]): NixAttrs {
  const byName = new Map<string, Lazy[]>();
  for (const s of sets) {
    for (const [k, v] of s.map) {
      const list = byName.get(k);
      if (list === undefined) byName.set(k, [v]);
      else list.push(v);
    }
  }
  return new NixAttrs(new Map([...byName].map(([k, vs]) => [k, f(k, vs)])));
}

/** `recursiveUpdateUntil pred lhs rhs`: rhs wins where pred holds (or only one side has the name), else recurse. */
export function recursiveUpdateUntil(pred: (path: string[], l: Lazy, r: Lazy) => boolean, lhs: NixAttrs, rhs: NixAttrs, path: string[] = []): NixAttrs {
  return zipAttrsWith((name, values) => {
    if (values.length === 1) return values[0] as Lazy;
    const [r, l] = values as [Lazy, Lazy];
    const here = [...path, name];
    return new Thunk(() => (pred(here, l, r) ? force(r) : recursiveUpdateUntil(pred, expectAttrs(l), expectAttrs(r), here)));
  }, [rhs, lhs]);
}

export const recursiveUpdate = (lhs: NixAttrs, rhs: NixAttrs): NixAttrs =>
  recursiveUpdateUntil((_p, l, r) => !(force(l) instanceof NixAttrs && force(r) instanceof NixAttrs), lhs, rhs);
