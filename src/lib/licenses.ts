/**
 * `lib.licenses`: nixpkgs' license records (src/lib/license-data.ts, with
 * nixpkgs' `mkLicense` defaults: `shortName` is the attribute name, `free`
 * true, `redistributable` as `free`, `deprecated` false, `licenseType =
 * "simple"`, an SPDX id's url), the license-expression operators `OR`,
 * `AND`, `WITH` and `PLUS`, and the functions reading such expressions:
 * `evaluateProperty`, `evaluateNamedProperty`, `isFree`,
 * `isRedistributable`, `containsLicenses` and `toSPDX`.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { attrs, expectAttrs, expectBool, expectList, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { fn, call } from "./fn.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { LICENSE_FIELDS } from "./license-data.ts";

/** The fields a license is written with in nixpkgs' licenses.nix. */
export interface LicenseFields {
  readonly shortName?: string;
  readonly spdxId?: string;
  readonly fullName?: string;
  readonly url?: string;
  readonly free?: boolean;
  readonly redistributable?: boolean;
  readonly deprecated?: boolean;
}

/** nixpkgs' `mkLicense`: a license record with its defaults. */
function mkLicense(name: string, f: LicenseFields): NixAttrs {
  const free = f.free ?? true;
  const out: Record<string, Value> = {
    shortName: f.shortName ?? name,
    free,
    deprecated: f.deprecated ?? false,
    redistributable: f.redistributable ?? free,
    licenseType: "simple",
  };
  if (f.spdxId !== undefined) Object.assign(out, { spdxId: f.spdxId, url: `https://spdx.org/licenses/${f.spdxId}.html` });
  if (f.url !== undefined) out.url = f.url;
  if (f.fullName !== undefined) out.fullName = f.fullName;
  return attrs(out);
}

export function licensesLib(env: LibEnv): Record<string, Lazy> {
  const get = (set: Lazy, name: string): Lazy => {
    const v = expectAttrs(set).lazy(name);
    if (v === undefined) return force(call(builtin(env, "getAttr"), name, set));
    return v;
  };
  const type = (l: Lazy) => text(get(l, "licenseType"));
  /** `handleComplexProperty`: a compound, exception or plus expression, its parts evaluated by `sub`. */
  const complex = (sub: (l: Lazy) => Lazy, and: Value, or: Value, license: Lazy): Value => {
    const t = type(license);
    const over = (q: Value) => call(q, fn("evaluateSubProperty", (l) => force(sub(l))), get(license, "licenses"));
    if (t === "compound") {
      const op = text(get(license, "operator"));
      if (op === "OR") return over(or);
      if (op === "AND") return over(and);
      return nixThrow("Unknown license operator");
    }
    if (t === "exception") return expectBool(sub(get(license, "license"))) && expectBool(sub(get(license, "exception")));
    if (t === "plus") return force(sub(get(license, "license")));
    return nixThrow("Unknown license type or legacy license");
  };
  const quantifiers = (permissive: Lazy) => {
    const p = expectBool(permissive);
    const any = builtin(env, "any");
    const all = builtin(env, "all");
    return { or: p ? any : all, and: p ? all : any };
  };
  const evaluateProperty = (predicate: Lazy, permissive: Lazy, license: Lazy): Value => {
    const { and, or } = quantifiers(permissive);
    if (type(license) === "simple") return call(predicate, license);
    return complex((l) => new Thunk(() => evaluateProperty(predicate, permissive, l)), and, or, license);
  };
  const evaluateNamedProperty = (name: Lazy, permissive: Lazy, license: Lazy): Value => {
    const { and, or } = quantifiers(permissive);
    if (type(license) === "simple") return force(get(license, text(name)));
    return complex((l) => new Thunk(() => evaluateNamedProperty(name, permissive, l)), and, or, license);
  };
  const toSPDX = (license: Lazy): Value => {
    const t = type(license);
    const bracket = (x: Lazy): Value => {
      const xt = type(x);
      const s = force(toSPDX(x));
      return xt === "compound" || xt === "exception" ? stringFrom(`(${text(s)})`, s) : s;
    };
    const op = () => force(get(license, "operator"));
    if (t === "simple") {
      const l = expectAttrs(license);
      const id = l.lazy("spdxId");
      if (id !== undefined) return force(id);
      const short = force(get(l, "shortName"));
      return stringFrom(`LicenseRef-nixos-${text(short)}`, short);
    }
    if (t === "compound") {
      const parts = expectList(get(license, "licenses")).map(bracket);
      return stringFrom(parts.map((p) => text(p)).join(` ${text(op())} `), op(), ...parts);
    }
    if (t === "exception") {
      const a = bracket(get(license, "license"));
      const b = bracket(get(license, "exception"));
      return stringFrom(`${text(a)} ${text(op())} ${text(b)}`, a, op(), b);
    }
    if (t === "plus") {
      const a = bracket(get(license, "license"));
      return stringFrom(`${text(a)}${text(op())}`, a, op());
    }
    return nixThrow("Unknown license type");
  };
  const elem = builtin(env, "elem");
  return {
    OR: fn("OR", (licenses) => attrs({ licenseType: "compound", operator: "OR", licenses })),
    AND: fn("AND", (licenses) => attrs({ licenseType: "compound", operator: "AND", licenses })),
    WITH: fn("WITH", (license, exception) => attrs({ licenseType: "exception", operator: "WITH", license, exception })),
    PLUS: fn("PLUS", (license) => attrs({ licenseType: "plus", operator: "+", license })),
    evaluateProperty: fn("evaluateProperty", evaluateProperty),
    evaluateNamedProperty: fn("evaluateNamedProperty", evaluateNamedProperty),
    isFree: fn("isFree", (l) => evaluateNamedProperty("free", true, l)),
    isRedistributable: fn("isRedistributable", (l) => evaluateNamedProperty("redistributable", true, l)),
    containsLicenses: fn("containsLicenses", (licenses, l) => evaluateProperty(fn("isListed", (x) => call(elem, x, licenses)), false, l)),
    toSPDX: fn("toSPDX", toSPDX),
  };
}

/** `lib.licenses`: every license of nixpkgs, then the operators and the functions. */
export function licensesSet(env: LibEnv): NixAttrs {
  const records = Object.entries(LICENSE_FIELDS).map(([k, f]): [string, Lazy] => [k, new Thunk(() => mkLicense(k, f))]);
  return new NixAttrs(new Map([...records, ...Object.entries(licensesLib(env))]));
}
