/**
 * More of `lib.trivial` (`checkListOfEnum`, `fromHexString`,
 * `inPureEvalMode`, `codeName`, `nixpkgsVersion`, `revisionWithDefault`)
 * and of `lib.meta` (derivation metadata: `addMetaAttrs`,
 * `dontDistribute`, `setName`, `updateName`, `appendToName`,
 * `mapDerivationAttrset`, `lowPrioSet`/`hiPrioSet`, `defaultPriority`;
 * platforms: `platformMatch`, `availableOn`; licenses by SPDX id:
 * `licensesSpdx`, `getLicenseFromSpdxId(Or)`; `cpeFullVersionWithVendor`).
 */
import { force, isDerivation, isString, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { nixToString } from "./coercion.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { RELEASE } from "./trivial.ts";
import { toLower } from "./strings.ts";

export function trivialExtraLib(env: LibEnv): Record<string, Lazy> {
  return {
    checkListOfEnum: fn("checkListOfEnum", (msg, valid, given) => {
      const ok = expectList(valid);
      const unexpected = expectList(given).filter((g) => !ok.some((v) => valuesEqual(force(v), force(g))));
      if (unexpected.length === 0) return fn("id", (x) => force(x));
      const show = (l: Lazy[]) => l.map((x) => text(nixToString(x))).join(", ");
      return nixThrow(`${text(msg)}: ${show(unexpected)} unexpected; valid ones: ${show(ok)}`);
    }),
    fromHexString: fn("fromHexString", (s) => {
      const str = text(s);
      const m = /^(0x)?([0-7]?[0-9A-Fa-f]{1,15})$/.exec(str);
      if (m !== null) return BigInt(`0x${m[2]}`);
      const toPretty = expectAttrs((env.self() as NixAttrs).lazy("generators") as Lazy).lazy("toPretty") as Lazy;
      env.ctx.warn(`fromHexString: ${text(call(toPretty, NixAttrs.empty, s))} is not a valid input and will be rejected in 26.05`);
      const digits = toLower(str).replace(/^0x/, "");
      return force(expectAttrs(call(builtin(env, "fromTOML"), `v=0x${digits}`)).lazy("v") as Lazy);
    }),
    inPureEvalMode: !env.builtins.has("currentSystem"),
    codeName: "Zokor",
    nixpkgsVersion: new Thunk(() => (env.ctx.warn("lib.nixpkgsVersion is a deprecated alias of lib.version."), RELEASE)),
    revisionWithDefault: fn("revisionWithDefault", (dflt) => force(dflt)),
  };
}

export function metaExtraLib(env: LibEnv): Record<string, Lazy> {
  const lib = () => env.self() as NixAttrs;
  const metaOf = (d: NixAttrs) => (d.get("meta") instanceof NixAttrs ? (d.get("meta") as NixAttrs) : NixAttrs.empty);
  const addMetaAttrs = (newAttrs: Lazy, drvL: Lazy): Value => {
    const drv = expectAttrs(drvL);
    const over = drv.lazy("overrideAttrs");
    if (over !== undefined) return call(over, fn("meta", (old) => attrs({ meta: metaOf(expectAttrs(old)).update(expectAttrs(newAttrs)) })));
    return drv.update(attrs({ meta: metaOf(drv).update(expectAttrs(newAttrs)) }));
  };
  const updateName = (updater: Lazy, drvL: Lazy) => {
    const drv = expectAttrs(drvL);
    return drv.update(attrs({ name: new Thunk(() => call(updater, drv.lazy("name") as Lazy)) }));
  };
  const mapDerivations = (f: (pkg: Lazy) => Value, set: Lazy) => {
    const s = expectAttrs(set);
    return new NixAttrs(new Map(s.keys().map((k) => [k, new Thunk(() => (isDerivation(force(s.lazy(k) as Lazy)) ? f(s.lazy(k) as Lazy) : force(s.lazy(k) as Lazy)))])));
  };
  const platformMatch = (platformL: Lazy, elemL: Lazy): boolean => {
    const platform = expectAttrs(platformL);
    const elem = force(elemL);
    if (isString(elem)) return platform.has("system") && valuesEqual(elem, force(platform.lazy("system") as Lazy));
    const pattern = expectAttrs(elem).has("parsed") ? elem : attrs({ parsed: elem });
    return force(call(lib().lazy("matchAttrs") as Lazy, pattern, platform)) === true;
  };
  /** `licensesSpdx`: the lib's licenses that have an SPDX id, by that id (the first name in order wins). */
  const bySpdx = (): Map<string, Lazy> => {
    const out = new Map<string, Lazy>();
    const licenses = expectAttrs(lib().lazy("licenses") as Lazy);
    for (const k of licenses.keys()) {
      const l = force(licenses.lazy(k) as Lazy);
      const id = l instanceof NixAttrs ? l.lazy("spdxId") : undefined;
      if (id !== undefined && !out.has(text(id))) out.set(text(id), l);
    }
    return out;
  };
  let lowercase: Map<string, Lazy> | undefined;
  const getOr = (id: Lazy, dflt: Lazy) => {
    if (lowercase === undefined) {
      lowercase = new Map();
      for (const [k, v] of bySpdx()) if (!lowercase.has(toLower(k))) lowercase.set(toLower(k), v);
    }
    const hit = lowercase.get(toLower(text(id)));
    return hit === undefined ? force(dflt) : force(hit);
  };
  return {
    addMetaAttrs: fn("addMetaAttrs", addMetaAttrs),
    dontDistribute: fn("dontDistribute", (drv) => addMetaAttrs(attrs({ hydraPlatforms: [] }), drv)),
    setName: fn("setName", (name, drv) => expectAttrs(drv).update(attrs({ name }))),
    updateName: fn("updateName", updateName),
    appendToName: fn("appendToName", (suffix, drv) =>
      updateName(
        fn("append", (name) => {
          const parsed = expectAttrs(call(builtin(env, "parseDrvName"), name));
          return stringFrom(`${text(parsed.lazy("name") as Lazy)}-${text(suffix)}-${text(parsed.lazy("version") as Lazy)}`, force(name), force(suffix));
        }),
        drv,
      ),
    ),
    mapDerivationAttrset: fn("mapDerivationAttrset", (f, set) => mapDerivations((p) => call(f, p), set)),
    lowPrioSet: fn("lowPrioSet", (set) => mapDerivations((p) => call(lib().lazy("lowPrio") as Lazy, p), set)),
    hiPrioSet: fn("hiPrioSet", (set) => mapDerivations((p) => call(lib().lazy("hiPrio") as Lazy, p), set)),
    defaultPriority: 5n,
    platformMatch: fn("platformMatch", platformMatch),
    availableOn: fn("availableOn", (platform, pkgL) => {
      const meta = metaOf(expectAttrs(pkgL));
      const any = (k: string) => expectList(meta.lazy(k) as Lazy).some((e) => platformMatch(platform, e));
      return (!meta.has("platforms") || any("platforms")) && (!meta.has("badPlatforms") || !any("badPlatforms"));
    }),
    licensesSpdx: new Thunk(() => new NixAttrs(bySpdx())),
    getLicenseFromSpdxIdOr: fn("getLicenseFromSpdxIdOr", getOr),
    getLicenseFromSpdxId: fn("getLicenseFromSpdxId", (id) =>
      getOr(id, new Thunk(() => (env.ctx.warn(`getLicenseFromSpdxId: No license with the given SPDX ID found: ${text(id)}`), attrs({ shortName: id, spdxId: id })))),
    ),
    cpeFullVersionWithVendor: fn("cpeFullVersionWithVendor", (vendor, version) => attrs({ vendor, version, update: "*" })),
  };
}
