/**
 * `lib.attrsets`, the recursive part: recursiveUpdate(Until) and
 * mapAttrsRecursive(Cond) (lazy per attribute, so only what is read is
 * merged), zipAttrsWith, filterAttrsRecursive, collect, matchAttrs,
 * cartesian products, and package outputs (getOutput, getBin, …).
 */
import { force, isDerivation, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { call, fn, lazyCall } from "./fn.ts";
import { recursiveUpdate, recursiveUpdateUntil, zipAttrsWith } from "../nix/attr-paths.ts";
import { attrs, expectAttrs, expectBool, expectList, text } from "../nix/expect.ts";
import { escapeNixIdentifier } from "../module-system/option-path.ts";

function mapAttrsRecursiveCond(cond: Lazy, f: Lazy, set: NixAttrs, path: string[]): NixAttrs {
  return new NixAttrs(
    new Map(
      [...set.map].map(([k, v]) => {
        const here = [...path, k];
        return [
          k,
          new Thunk(() => {
            const x = force(v);
            return x instanceof NixAttrs && expectBool(call(cond, x)) ? mapAttrsRecursiveCond(cond, f, x, here) : call(f, here, x);
          }),
        ];
      }),
    ),
  );
}

function filterAttrsRecursive(pred: Lazy, set: NixAttrs): NixAttrs {
  const map = new Map<string, Lazy>();
  for (const k of set.keys()) {
    const v = set.lazy(k) as Lazy;
    if (!expectBool(call(pred, k, v))) continue;
    map.set(k, new Thunk(() => (force(v) instanceof NixAttrs ? filterAttrsRecursive(pred, force(v) as NixAttrs) : force(v))));
  }
  return new NixAttrs(map);
}

function collect(pred: Lazy, v: Value): Lazy[] {
  if (expectBool(call(pred, v))) return [v];
  if (!(v instanceof NixAttrs)) return [];
  return v.keys().flatMap((k) => collect(pred, v.get(k) as Value));
}

function matchAttrs(pattern: NixAttrs, set: NixAttrs): boolean {
  return pattern.keys().every((k) => {
    const val = set.lazy(k);
    if (val === undefined) return false;
    const pat = pattern.get(k) as Value;
    if (pat instanceof NixAttrs) return force(val) instanceof NixAttrs && matchAttrs(pat, force(val) as NixAttrs);
    return valuesEqual(pat, force(val));
  });
}

/** nixpkgs `getOutput`: the named output of a package unless an output was chosen, else `out`, else the package. */
export function getOutput(output: string, pkg: Value): Value {
  if (!(pkg instanceof NixAttrs)) return pkg;
  if (pkg.has("outputSpecified") && pkg.get("outputSpecified") === true) return pkg;
  const name = pkg.has(output) ? output : pkg.has("out") ? "out" : undefined;
  return name === undefined ? pkg : (pkg.get(name) as Value);
}

function cartesianProduct(set: NixAttrs): NixAttrs[] {
  return set.keys().reduce<NixAttrs[]>(
    (acc, name) => acc.flatMap((a) => expectList(set.lazy(name) as Lazy).map((v) => a.update(attrs({ [name]: v })))),
    [NixAttrs.empty],
  );
}

export function attrsetsMoreLib(): Record<string, Value> {
  const mapRec = (cond: Lazy, f: Lazy, set: Lazy) => mapAttrsRecursiveCond(cond, f, expectAttrs(set), []);
  const always = fn("true", (_x) => true);
  const output = (name: string) => fn(`get${name}`, (pkg) => getOutput(name, force(pkg)));
  return {
    zipAttrsWithNames: fn("zipAttrsWithNames", (names, f, sets) => {
      const ss = expectList(sets).map(expectAttrs);
      return new NixAttrs(
        new Map(expectList(names).map((n) => [text(n), lazyCall(f, n, ss.flatMap((s) => s.lazy(text(n)) ?? []))])),
      );
    }),
    zipAttrs: fn("zipAttrs", (sets) => zipAttrsWith((_name, vs) => vs, expectList(sets).map(expectAttrs))),
    recursiveUpdateUntil: fn("recursiveUpdateUntil", (pred, lhs, rhs) =>
      recursiveUpdateUntil((p, l, r) => expectBool(call(pred, p, l, r)), expectAttrs(lhs), expectAttrs(rhs)),
    ),
    recursiveUpdate: fn("recursiveUpdate", (lhs, rhs) => recursiveUpdate(expectAttrs(lhs), expectAttrs(rhs))),
    mapAttrsRecursive: fn("mapAttrsRecursive", (f, set) => mapRec(always, f, set)),
    mapAttrsRecursiveCond: fn("mapAttrsRecursiveCond", mapRec),
    filterAttrsRecursive: fn("filterAttrsRecursive", (pred, set) => filterAttrsRecursive(pred, expectAttrs(set))),
    collect: fn("collect", (pred, v) => collect(pred, force(v))),
    matchAttrs: fn("matchAttrs", (pattern, set) => matchAttrs(expectAttrs(pattern), expectAttrs(set))),
    cartesianProduct: fn("cartesianProduct", (set) => cartesianProduct(expectAttrs(set))),
    mapCartesianProduct: fn("mapCartesianProduct", (f, set) => cartesianProduct(expectAttrs(set)).map((a) => lazyCall(f, a))),
    showAttrPath: fn("showAttrPath", (path) => {
      const p = expectList(path).map(text);
      return p.length === 0 ? "<root attribute path>" : p.map(escapeNixIdentifier).join(".");
    }),
    isDerivation: fn("isDerivation", (v) => isDerivation(force(v))),
    getOutput: fn("getOutput", (name, pkg) => getOutput(text(name), force(pkg))),
    getBin: output("bin"),
    getLib: output("lib"),
    getDev: output("dev"),
    getMan: output("man"),
  };
}

export { recursiveUpdate, recursiveUpdateUntil, zipAttrsWith };
