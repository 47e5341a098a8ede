/**
 * `lib.customisation`: overridable package functions. `makeOverridable f`
 * gives results an `override` (new arguments over the old ones),
 * `overrideDerivation` and, when the result has one, `overrideAttrs`;
 * `callPackageWith auto fn args` fills the function's formals from
 * `auto` (failing with nixpkgs' "Function called without required
 * argument" and its suggestions); `callPackagesWith` does so for a set of
 * packages; `makeScope` builds a package scope with `callPackage`,
 * `newScope` and `overrideScope`; `extendDerivation`,
 * `overrideDerivation`, `hydraJob`, `extendMkDerivation`, the cross-index
 * renamings and `makeScopeWithSplicing(')`.
 */
import { force, isDerivation, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { apply, call, fn, fnOfSet, isCallable } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixAbort, nixThrow, text } from "../nix/expect.ts";
import { functionArgs } from "./trivial.ts";
import { levenshtein } from "../nix/levenshtein.ts";
import { extendsFn } from "./fixed-points.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { extendDerivation, overrideDerivation } from "./derivations.ts";

const setFunctionArgs = (g: Lazy, args: Lazy) => attrs({ __functor: fn("__functor", (_self) => force(g)), __functionArgs: args });
const mirrorOf = (f: Lazy) => {
  const args = new Thunk(() => functionArgs(f));
  return (g: Lazy) => setFunctionArgs(g, args);
};

export function makeOverridable(fl: Lazy, env: LibEnv): Value {
  const f = force(fl);
  const mirrorArgs = mirrorOf(f);
  const withOverrides = new NixFunction((origArgs) => {
    const result = force(call(f, origArgs));
    const overrideArgs = mirrorArgs(
      new NixFunction((newArgs) => {
        const n = force(newArgs);
        const extra = isCallable(n) ? apply(n, origArgs) : n;
        return call(makeOverridable(f, env), expectAttrs(origArgs).update(expectAttrs(extra)));
      }),
    );
    if (result instanceof NixAttrs) {
      const extra: Record<string, Lazy> = {
        override: overrideArgs,
        overrideDerivation: new NixFunction((fdrv) =>
          call(makeOverridable(mirrorArgs(new NixFunction((args) => overrideDerivation(call(f, args), fdrv, env))), env), origArgs),
        ),
      };
      if (result.has("overrideAttrs")) {
        extra.overrideAttrs = new NixFunction((fdrv) =>
          call(makeOverridable(mirrorArgs(new NixFunction((args) => call(expectAttrs(call(f, args)).lazy("overrideAttrs") as Lazy, fdrv))), env), origArgs),
        );
      }
      return result.update(attrs(extra));
    }
    if (isCallable(result)) return setFunctionArgs(result, functionArgs(result)).update(attrs({ override: overrideArgs }));
    return result;
  });
  if (f instanceof NixAttrs) {
    const own = f.lazy("override");
    const over: Record<string, Lazy> = own === undefined ? {} : { override: new NixFunction((fdrv) => makeOverridable(call(own, fdrv), env)) };
    return f.update(mirrorArgs(withOverrides)).update(attrs(over));
  }
  return mirrorArgs(withOverrides);
}

export function customisationLib(env: LibEnv): Record<string, Value> {
  const b = (name: string) => builtin(env, name);
  const functionOf = (fnv: Lazy) => (isCallable(force(fnv)) ? force(fnv) : apply(b("import"), fnv));

  const missingArgument = (auto: NixAttrs, args: NixAttrs, fargs: NixAttrs, unpassed: string[]): string => {
    const arg = unpassed.find((n) => fargs.get(n) === false) as string;
    const suggestions = auto
      .update(args)
      .keys()
      .map((name) => ({ name, d: levenshtein(arg, name) }))
      .filter((x) => x.d <= 2)
      .sort((x, y) => x.d - y.d)
      .slice(0, 3)
      .map((x) => `"${x.name}"`);
    const pretty =
      suggestions.length === 0 ? "" : suggestions.length === 1 ? `, did you mean ${suggestions[0]}?` : `, did you mean ${suggestions.slice(0, -1).join(", ")} or ${suggestions.at(-1)}?`;
    const pos = force(call(b("unsafeGetAttrPos"), arg, fargs));
    const loc = pos instanceof NixAttrs ? `${text(pos.get("file") as Value)}:${String(force(pos.lazy("line") as Lazy))}` : "<unknown location>";
    return `lib.customisation.callPackageWith: Function called without required argument "${arg}" at ${loc}${pretty}`;
  };

  const callPackageWith = (autoArgs: Lazy, fnv: Lazy, argsl: Lazy): Value => {
    const f = functionOf(fnv);
    const fargs = functionArgs(f);
    const auto = expectAttrs(autoArgs);
    const args = expectAttrs(argsl);
    const all = expectAttrs(call(b("intersectAttrs"), fargs, auto)).update(args);
    const unpassed = fargs.keys().filter((k) => !all.has(k));
    if (unpassed.some((k) => fargs.get(k) === false)) nixAbort(missingArgument(auto, args, fargs, unpassed));
    return call(makeOverridable(f, env), all);
  };

  const makeScope = (newScope: Lazy, f: Lazy): NixAttrs => {
    const scope = (over: Lazy) => call(newScope, new Thunk(() => expectAttrs(self).update(expectAttrs(over))));
    const self: Thunk = new Thunk(
      () =>
        attrs({ callPackage: new Thunk(() => apply(expectAttrs(self).lazy("newScope") as Lazy, NixAttrs.empty)) })
          .update(expectAttrs(call(f, self)))
          .update(
            attrs({
              newScope: new NixFunction(scope),
              overrideScope: new NixFunction((g) => makeScope(newScope, extendsFn(g, f))),
              packages: f,
            }),
          ),
      "scope",
    );
    return expectAttrs(self);
  };

  const crossNames = ["BuildBuild", "BuildHost", "BuildTarget", "HostHost", "HostTarget", "TargetTarget"];
  const lower = (s: string) => s[0]!.toLowerCase() + s.slice(1);
  return {
    makeOverridable: fn("makeOverridable", (f) => makeOverridable(f, env)),
    overrideDerivation: fn("overrideDerivation", (drv, f) => overrideDerivation(drv, f, env)),
    extendDerivation: fn("extendDerivation", (cond, passthru, drv) => extendDerivation(cond, passthru, drv)),
    callPackageWith: fn("callPackageWith", callPackageWith),
    callPackagesWith: fn("callPackagesWith", (autoArgs, fnv, args) => {
      const f = functionOf(fnv);
      const mirrorArgs = mirrorOf(f);
      const origArgs = expectAttrs(call(b("intersectAttrs"), functionArgs(f), autoArgs)).update(expectAttrs(args));
      const pkgs = force(call(f, origArgs));
      if (isDerivation(pkgs)) {
        const name = (pkgs as NixAttrs).get("name");
        nixThrow(`function \`callPackages\` was called on a *single* derivation "${name === undefined ? "<unknown-name>" : text(name)}"; did you mean to use \`callPackage\` instead?`);
      }
      const set = expectAttrs(pkgs);
      return new NixAttrs(
        new Map(
          set.keys().map((name) => [name, new Thunk(() => call(makeOverridable(mirrorArgs(new NixFunction((n) => force(expectAttrs(call(f, n)).lazy(name) as Lazy))), env), origArgs))]),
        ),
      );
    }),
    hydraJob: fn("hydraJob", (drv) => hydraJob(force(drv))),
    makeScope: fn("makeScope", (newScope, f) => makeScope(newScope, f)),
    makeScopeWithSplicing: fn("makeScopeWithSplicing", (splicePackages, newScope, otherSplices, keep, extra, f) =>
      withSplicing(attrs({ splicePackages, newScope }), attrs({ otherSplices, keep, extra, f })),
    ),
    "makeScopeWithSplicing'": fn("makeScopeWithSplicing'", (a, b2) => withSplicing(expectAttrs(a), expectAttrs(b2))),
    extendMkDerivation: fnOfSet(
      "extendMkDerivation",
      { constructDrv: false, excludeDrvArgNames: true, excludeFunctionArgNames: true, extendDrvArgs: false, inheritFunctionArgs: true, transformDrv: true },
      (a) => extendMkDerivation(expectAttrs(a)),
    ),
    renameCrossIndexFrom: fn("renameCrossIndexFrom", (prefix, x) =>
      attrs(Object.fromEntries(crossNames.map((n) => [lower(n), new Thunk(() => force(expectAttrs(x).lazy(`${text(prefix)}${n}`) ?? nixThrow(`attribute '${text(prefix)}${n}' missing`)))]))),
    ),
    renameCrossIndexTo: fn("renameCrossIndexTo", (prefix, x) =>
      attrs(Object.fromEntries(crossNames.map((n) => [`${text(prefix)}${n}`, new Thunk(() => force(expectAttrs(x).lazy(lower(n)) ?? nixThrow(`attribute '${lower(n)}' missing`)))]))),
    ),
    mapCrossIndex: fn("mapCrossIndex", (f, x) => attrs(Object.fromEntries(crossNames.map((n) => [lower(n), new Thunk(() => call(f, expectAttrs(x).lazy(lower(n)) as Lazy))])))),
  };

  function hydraJob(drv: Value): Value {
    if (drv === null) return null;
    const d = expectAttrs(drv);
    const outputs = d.has("outputs") ? expectList(d.lazy("outputs") as Lazy).map(text) : ["out"];
    let common: NixAttrs | undefined;
    const commonThunk = new Thunk(() => common as NixAttrs);
    const outputsList = outputs.map((o): [string, Lazy] => [
      o,
      new Thunk(() => {
        const out = expectAttrs(d.lazy(o) as Lazy);
        return expectAttrs(commonThunk).update(attrs({ outPath: out.lazy("outPath") as Lazy, drvPath: out.lazy("drvPath") as Lazy, type: "derivation", outputName: o }));
      }),
    ]);
    const aggregate = force(d.lazy("_hydraAggregate") ?? false) === true;
    common = attrs({ name: d.lazy("name") as Lazy, system: d.lazy("system") as Lazy, meta: d.lazy("meta") as Lazy, outputs })
      .update(aggregate ? attrs({ _hydraAggregate: true, constituents: new Thunk(() => flattenList(d.lazy("constituents") as Lazy).map((c) => hydraJob(force(c)))) }) : NixAttrs.empty)
      .update(new NixAttrs(new Map(outputsList)));
    const first = force(outputsList[0]![1]);
    return call(b("deepSeq"), first, first);
  }

  function withSplicing(a: NixAttrs, o: NixAttrs): Value {
    const splicePackages = a.lazy("splicePackages") as Lazy;
    const newScope = a.lazy("newScope") as Lazy;
    const other = new Thunk(() => expectAttrs(o.lazy("otherSplices") as Lazy));
    const keep = o.lazy("keep") ?? fn("keep", (_s) => NixAttrs.empty);
    const extra = o.lazy("extra") ?? fn("extra", (_s) => NixAttrs.empty);
    const f = o.lazy("f") as Lazy;
    let self: NixAttrs | undefined;
    const selfThunk = new Thunk(() => self as NixAttrs);
    const otherAttr = (n: string) => new Thunk(() => force(expectAttrs(other).lazy(n) as Lazy));
    const spliced0 = new Thunk(() =>
      call(splicePackages, attrs({
        pkgsBuildBuild: otherAttr("selfBuildBuild"),
        pkgsBuildHost: otherAttr("selfBuildHost"),
        pkgsBuildTarget: otherAttr("selfBuildTarget"),
        pkgsHostHost: otherAttr("selfHostHost"),
        pkgsHostTarget: selfThunk,
        pkgsTargetTarget: otherAttr("selfTargetTarget"),
      })),
    );
    const spliced = new Thunk(() => expectAttrs(call(extra, spliced0)).update(expectAttrs(spliced0)).update(expectAttrs(call(keep, selfThunk))));
    self = expectAttrs(new Thunk(() => call(f, selfThunk))).update(
      attrs({
        newScope: new NixFunction((scope) => call(newScope, new Thunk(() => expectAttrs(spliced).update(expectAttrs(scope))))),
        callPackage: new Thunk(() => call(newScope, spliced)),
        overrideScope: new NixFunction((g) => withSplicing(a, o.update(attrs({ f: extendsFn(g, f) })))),
        packages: f,
      }),
    );
    return self;
  }

  function flattenList(v: Lazy): Lazy[] {
    const x = force(v);
    return Array.isArray(x) ? x.flatMap(flattenList) : [x];
  }

  function extendMkDerivation(a: NixAttrs): Value {
    const constructDrv = a.lazy("constructDrv") as Lazy;
    const extendDrvArgs = a.lazy("extendDrvArgs") as Lazy;
    const excludeDrv = a.lazy("excludeDrvArgNames") ?? [];
    const excludeFn = a.lazy("excludeFunctionArgNames") ?? [];
    const transformDrv = a.lazy("transformDrv") ?? fn("id", (x) => force(x));
    const inherit = a.lazy("inheritFunctionArgs") ?? true;
    const remove = (set: Lazy, names: Lazy) => expectAttrs(call(b("removeAttrs"), set, names));
    return attrs({
      __functor: fn("__functor", (_self, fpargs) =>
        call(transformDrv, call(constructDrv, new NixFunction((final) => {
          const previous = isCallable(force(fpargs)) ? call(fpargs, final) : force(fpargs);
          return remove(previous, excludeDrv).update(expectAttrs(call(extendDrvArgs, final, previous)));
        }))),
      ),
      __functionArgs: new Thunk(() =>
        remove((force(inherit) === true ? remove(functionArgs(constructDrv), excludeDrv) : NixAttrs.empty).update(functionArgs(call(extendDrvArgs, NixAttrs.empty))), excludeFn),
      ),
      constructDrv,
      excludeDrvArgNames: excludeDrv,
      extendDrvArgs,
      transformDrv,
    });
  }
}
