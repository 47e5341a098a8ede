/**
 * More of `lib.lists` (`hasPrefix`, `removePrefix`, `commonPrefix`,
 * `replaceElemAt`, `naturalSort`, `crossLists`, `concatAttrValues`) and
 * `lib.attrsets` (`getFirstOutput` and its `getStatic`/`getInclude`,
 * `chooseDevOutputs`, `longestValidPathPrefix`,
 * `mapAttrsToListRecursive(Cond)`, `updateManyAttrsByPath`,
 * `toDerivation`), with nixpkgs' semantics and messages.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { compareBytes } from "../nix/operators.ts";
import { apply, call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectInt, expectList, nixThrow, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { sanitizeDerivationName } from "./strings-extra.ts";

const prefixOf = (a: readonly Lazy[], b: readonly Lazy[]) => a.length <= b.length && a.every((x, i) => valuesEqual(force(x), force(b[i] as Lazy)));

/** "a10b2" → ["a", 10, "b", 2, ""]: text and numbers alternate, numbers compared as numbers. */
function vectorise(s: string): (string | bigint)[] {
  const out: (string | bigint)[] = [];
  let last = 0;
  for (const m of s.matchAll(/0|[1-9][0-9]*/g)) {
    out.push(s.slice(last, m.index), BigInt(m[0]));
    last = (m.index as number) + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

function compareVectors(a: readonly (string | bigint)[], b: readonly (string | bigint)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i] as string | bigint, b[i] as string | bigint];
    const c = typeof x === "bigint" && typeof y === "bigint" ? (x < y ? -1 : x > y ? 1 : 0) : compareBytes(String(x), String(y));
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function listsExtraLib(): Record<string, Value> {
  return {
    hasPrefix: fn("hasPrefix", (a, b) => prefixOf(expectList(a), expectList(b))),
    removePrefix: fn("removePrefix", (a, b) => {
      const [x, y] = [expectList(a), expectList(b)];
      if (!prefixOf(x, y)) nixThrow("lib.lists.removePrefix: First argument is not a list prefix of the second argument");
      return y.slice(x.length);
    }),
    commonPrefix: fn("commonPrefix", (a, b) => {
      const [x, y] = [expectList(a), expectList(b)];
      let i = 0;
      while (i < x.length && i < y.length && valuesEqual(force(x[i] as Lazy), force(y[i] as Lazy))) i++;
      return x.slice(0, i);
    }),
    replaceElemAt: fn("replaceElemAt", (list, idx, value) => {
      const l = expectList(list);
      const i = expectInt(idx);
      if (i < 0n || i >= BigInt(l.length)) nixThrow(`'lists.replaceElemAt' called with index ${i} on a list of size ${l.length}`);
      return l.map((x, j) => (BigInt(j) === i ? value : x));
    }),
    naturalSort: fn("naturalSort", (list) =>
      expectList(list)
        .map((x) => ({ x, v: vectorise(text(x)) }))
        .sort((a, b) => compareVectors(a.v, b.v))
        .map((e) => e.x),
    ),
    crossLists: fn("crossLists", (f, lists) =>
      expectList(lists).reduce<Lazy[]>((fs, args) => fs.flatMap((g) => expectList(args).map((a) => apply(g, a))), [force(f)]).map(force),
    ),
    concatAttrValues: fn("concatAttrValues", (set) => {
      const s = expectAttrs(set);
      return s.keys().flatMap((k) => expectList(s.lazy(k) as Lazy));
    }),
  };
}

export function attrsetsExtraLib(env: LibEnv): Record<string, Value> {
  const showAttrPath = (path: readonly string[]) => text(call((env.self() as NixAttrs).lazy("showAttrPath") as Lazy, [...path]));
  const firstOutput = (candidates: readonly string[], pkgL: Lazy): Value => {
    const pkg = expectAttrs(pkgL);
    const present = candidates.filter((c) => pkg.has(c));
    if (force(pkg.lazy("outputSpecified") ?? false) === true || present.length === 0) return pkg;
    return force(pkg.lazy(present[0] as string) as Lazy);
  };
  const mapRecursiveCond = (pred: Lazy, f: Lazy, set: Lazy): Value[] => {
    const walk = (path: string[], v: Lazy): Value[] => {
      const x = force(v);
      if (x instanceof NixAttrs && force(call(pred, path, x)) === true) return x.keys().flatMap((k) => walk([...path, k], x.lazy(k) as Lazy));
      return [call(f, path, v)];
    };
    const s = expectAttrs(set);
    return s.keys().flatMap((k) => walk([k], s.lazy(k) as Lazy));
  };
  interface Update {
    readonly path: string[];
    readonly update: Lazy;
  }
  const updateMany = (prefix: number, hasValue: boolean, value: Lazy, updates: readonly Update[]): Value => {
    const here = updates.filter((u) => u.path.length === prefix);
    const deeper = updates.filter((u) => u.path.length !== prefix);
    // The value before this level's updates is read only if an update reads it.
    const base = new Thunk((): Value => {
      if (deeper.length === 0) {
        if (!hasValue) {
          nixThrow(`updateManyAttrsByPath: Path '${showAttrPath((here[0] as Update).path)}' does not exist in the given value, but the first update to this path tries to access the existing value.`);
        }
        return force(value);
      }
      const groups = new Map<string, Update[]>();
      for (const u of deeper) groups.set(u.path[prefix] as string, [...(groups.get(u.path[prefix] as string) ?? []), u]);
      const v = hasValue ? force(value) : null;
      if (hasValue && !(v instanceof NixAttrs)) {
        const p = (deeper[0] as Update).path;
        nixThrow(`updateManyAttrsByPath: Path '${showAttrPath(p)}' needs to be updated, but path '${showAttrPath(p.slice(0, prefix))}' of the given value is not an attribute set, so we can't update an attribute inside of it.`);
      }
      const set = v instanceof NixAttrs ? v : NixAttrs.empty;
      const nested = new Map<string, Lazy>([...groups].map(([k, us]) => [k, new Thunk(() => updateMany(prefix + 1, set.has(k), set.lazy(k) ?? null, us))]));
      return set.update(new NixAttrs(nested));
    });
    return force(here.reduce<Lazy>((acc, u) => new Thunk(() => call(u.update, acc)), base));
  };
  return {
    getFirstOutput: fn("getFirstOutput", (candidates, pkg) => firstOutput(expectList(candidates).map(text), pkg)),
    getStatic: fn("getStatic", (pkg) => firstOutput(["static", "lib", "out"], pkg)),
    getInclude: fn("getInclude", (pkg) => firstOutput(["include", "dev", "out"], pkg)),
    chooseDevOutputs: fn("chooseDevOutputs", (list) => expectList(list).map((p) => firstOutput(["dev", "out"], p))),
    longestValidPathPrefix: fn("longestValidPathPrefix", (pathL, v) => {
      const path = expectList(pathL);
      let cur: Lazy = v;
      for (let i = 0; i < path.length; i++) {
        const k = text(path[i] as Lazy);
        const set = force(cur);
        if (!(set instanceof NixAttrs) || !set.has(k)) return path.slice(0, i);
        cur = set.lazy(k) as Lazy;
      }
      return path;
    }),
    mapAttrsToListRecursive: fn("mapAttrsToListRecursive", (f, set) => mapRecursiveCond(fn("pred", (_p, _v) => true), f, set)),
    mapAttrsToListRecursiveCond: fn("mapAttrsToListRecursiveCond", mapRecursiveCond),
    updateManyAttrsByPath: fn("updateManyAttrsByPath", (updates, value) =>
      updateMany(0, true, value, expectList(updates).map((u) => ({ path: expectList(expectAttrs(u).lazy("path") as Lazy).map(text), update: expectAttrs(u).lazy("update") as Lazy }))),
    ),
    toDerivation: fn("toDerivation", (path) => {
      const p = force(call(builtin(env, "storePath"), path));
      const base = text(call(builtin(env, "baseNameOf"), p));
      let res: NixAttrs | undefined;
      const self = new Thunk(() => res as NixAttrs);
      res = attrs({ type: "derivation", name: sanitizeDerivationName(base.slice(33)), outPath: p, outputs: ["out"], out: self, outputName: "out" });
      return res;
    }),
  };
}
