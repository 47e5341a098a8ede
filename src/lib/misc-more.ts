/**
 * The rest of nixpkgs' deprecated helpers (lib/deprecated/misc.nix) that
 * lib still lifts to its top level: `foldArgs`, `getValue`, `checkReqs`,
 * `innerModifySumArgs`, `innerClosePropagation`, `mergeAttrsNoOverride`,
 * `mergeAttrByFunc`, `mergeAttrBy`, `mergeAttrsByFuncDefaults` and
 * `mergeAttrsByFuncDefaultsClean`, each as nixpkgs writes it (values stay
 * lazy; the same errors).
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { apply, call, fn, fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectList, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { interpolate } from "./coercion.ts";
import { type LibEnv } from "./lib-context.ts";
import { checkFlag } from "./small-families.ts";

/** `x.${name} or dflt`, for any x. */
const orElse = (x: Lazy, name: string, dflt: Lazy): Lazy => {
  const v = force(x);
  return (v instanceof NixAttrs ? v.lazy(name) : undefined) ?? dflt;
};

const has = (x: Lazy, name: string) => {
  const v = force(x);
  return v instanceof NixAttrs && v.has(name);
};

const concatLists = (a: Lazy, b: Lazy): Value => [...expectList(a), ...expectList(b)];

export function miscMoreLib(env: LibEnv): Record<string, Lazy> {
  const lib = (n: string) => (env.self() as NixAttrs).lazy(n) as Lazy;

  const foldArgs = (merger: Lazy, f: Lazy, init: Lazy, x: Lazy): Value => {
    const arg = new Thunk(() => call(merger, init, new Thunk(() => (force(x) instanceof NixAttrs ? force(x) : apply(x, init)))));
    const result = new Thunk(() => call(f, arg));
    const passthru = new Thunk(() => {
      const z = orElse(result, "passthru", NixAttrs.empty);
      const args = new Thunk(() => expectAttrs(orElse(orElse(z, "passthru", NixAttrs.empty), "args", NixAttrs.empty)).update(expectAttrs(x)));
      return expectAttrs(z).update(attrs({ function: fn("foldArgs", (next) => foldArgs(merger, f, arg, next)), args }));
    });
    const base = expectAttrs(result).update(attrs({ passthru }));
    return base.update(attrs({ override: new Thunk(() => force(expectAttrs(passthru).lazy("function") as Lazy)) }));
  };

  const getValue = (set: Lazy, argList: Lazy, name: Lazy): Value => {
    const own = orElse(set, text(name), new Thunk(() => {
      if (checkFlag(set, name) === true) return true;
      for (const x of expectList(argList)) {
        const pair = expectList(x);
        if (pair.length === 0) nixThrow("'builtins.head' called on an empty list");
        if (valuesEqual(force(pair[0] as Lazy), force(name))) {
          if (pair.length < 2) nixThrow("'builtins.head' called on an empty list");
          return force(pair[1] as Lazy);
        }
      }
      return null;
    }));
    return force(own);
  };

  const checkReqs = (set: Lazy, argList: Lazy, condList: Lazy): boolean =>
    expectList(condList).every((c) => {
      const cond = expectList(c);
      if (cond.length === 0) nixThrow("'builtins.head' called on an empty list");
      if (!expectBool(checkFlag(set, cond[0] as Lazy))) return true;
      return cond.slice(1).every((y) => {
        const val = getValue(set, argList, y);
        return val !== null && val !== false;
      });
    });

  const innerModifySumArgs = (f: Lazy, x: Lazy, a: Lazy, b: Lazy): Value =>
    force(b) === null ? expectAttrs(call(f, a, b)).update(expectAttrs(x)) : fn("innerModifySumArgs", (next) => innerModifySumArgs(f, x, expectAttrs(a).update(expectAttrs(b)), next));

  const innerClosePropagation = (accL: Lazy, xsL: Lazy): Value => {
    let acc = expectList(accL);
    let xs = expectList(xsL);
    while (xs.length > 0) {
      const y = xs[0] as Lazy;
      const ys = xs.slice(1);
      if (!(force(y) instanceof NixAttrs)) {
        xs = ys;
        continue;
      }
      acc = [y, ...acc];
      const input = [...expectList(orElse(y, "propagatedBuildInputs", [])), ...expectList(orElse(y, "propagatedNativeBuildInputs", [])), ...ys];
      const kept: Lazy[] = [];
      for (const e of input) if (![...kept, ...acc].some((k) => valuesEqual(force(k), force(e)))) kept.push(e);
      xs = kept;
    }
    return acc;
  };

  const mergeAttrsNoOverride = (opts: Lazy, a1: Lazy, a2: Lazy): Value => {
    const o = expectAttrs(opts);
    const mergeLists = new Thunk(() => force(o.lazy("mergeLists") ?? ["buildInputs", "propagatedBuildInputs"]));
    const overrideSnd = new Thunk(() => force(o.lazy("overrideSnd") ?? ["buildPhase"]));
    const [s1, s2] = [expectAttrs(a1), expectAttrs(a2)];
    const inList = (n: string, l: Lazy) => expectList(l).some((e) => valuesEqual(force(e), n));
    const merged = s2.keys().map((n): [string, Lazy] => [
      n,
      new Thunk(() => {
        if (!s1.has(n)) return force(s2.lazy(n) as Lazy);
        if (inList(n, mergeLists)) return concatLists(s2.lazy(n) as Lazy, s1.lazy(n) as Lazy);
        if (inList(n, overrideSnd)) return force(s1.lazy(n) as Lazy);
        return nixThrow(`error mergeAttrsNoOverride, attribute ${n} given in both attributes - no merge func defined`);
      }),
    ]);
    return s1.update(new NixAttrs(new Map(merged)));
  };

  const mergeAttrByFunc = (x: Lazy, y: Lazy): Value => {
    const by = attrs({ mergeAttrBy: lib("mergeAttrs") })
      .update(expectAttrs(orElse(x, "mergeAttrBy", NixAttrs.empty)))
      .update(expectAttrs(orElse(y, "mergeAttrBy", NixAttrs.empty)));
    const special = by.keys().filter((a) => has(x, a) || has(y, a));
    const merged = special.map((a): [string, Lazy] => [
      a,
      new Thunk(() => {
        if (!has(x, a)) return force(expectAttrs(y).lazy(a) as Lazy);
        if (!has(y, a)) return force(expectAttrs(x).lazy(a) as Lazy);
        return call(by.lazy(a) as Lazy, expectAttrs(x).lazy(a) as Lazy, expectAttrs(y).lazy(a) as Lazy);
      }),
    ]);
    return expectAttrs(x).update(expectAttrs(y)).update(new NixAttrs(new Map(merged)));
  };

  const mergeAttrBy = new Thunk(() => {
    const entries: Record<string, Lazy> = {};
    for (const n of ["nativeBuildInputs", "buildInputs", "propagatedBuildInputs", "configureFlags", "prePhases", "postAll", "patches"]) entries[n] = lib("concat");
    for (const n of ["passthru", "meta", "cfg", "flags"]) entries[n] = lib("mergeAttrs");
    const lines = fn("mergeLines", (a, b) => {
      const [sa, sb] = [interpolate(a, env.ctx.copyToStore), interpolate(b, env.ctx.copyToStore)];
      return stringFrom(`${text(sa)}\n${text(sb)}`, sa, sb);
    });
    for (const n of ["preConfigure", "postInstall"]) entries[n] = lines;
    return attrs(entries);
  });
  const byFuncDefaults = (list: Lazy): Value =>
    expectList(list).reduce<Value>((acc, e) => mergeAttrByFunc(acc, e), attrs({ mergeAttrBy }));

  return {
    foldArgs: fn("foldArgs", foldArgs),
    getValue: fn("getValue", getValue),
    checkReqs: fn("checkReqs", checkReqs),
    innerModifySumArgs: fn("innerModifySumArgs", innerModifySumArgs),
    innerClosePropagation: fn("innerClosePropagation", innerClosePropagation),
    mergeAttrsNoOverride: fnOfSet("mergeAttrsNoOverride", { mergeLists: true, overrideSnd: true }, mergeAttrsNoOverride),
    mergeAttrByFunc: fn("mergeAttrByFunc", mergeAttrByFunc),
    mergeAttrBy,
    mergeAttrsByFuncDefaults: fn("mergeAttrsByFuncDefaults", byFuncDefaults),
    mergeAttrsByFuncDefaultsClean: fn("mergeAttrsByFuncDefaultsClean", (list) => {
      const s = expectAttrs(byFuncDefaults(list));
      return new NixAttrs(new Map(s.keys().filter((k) => k !== "mergeAttrBy").map((k) => [k, s.lazy(k) as Lazy])));
    }),
  };
}
