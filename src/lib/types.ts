/**
 * `lib.types` as a Nix value: every type of the module system wrapped as
 * an `_type = "option-type"` set (the very values TypeScript modules use,
 * so Nix and TypeScript declarations of one option merge), the type
 * constructors as curried Nix functions taking Nix values (a submodule
 * takes Nix modules and hands them this lib), and the helpers isType,
 * setType, isOptionType and mkOptionType.
 */
import { force, NixAttrs, NixFunction, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, fnOfSet } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectInt, expectList, text } from "../nix/expect.ts";
import { addCheck, deferredModuleWith, mkOptionType, nonEmptyListOf, numbers, shellPackage } from "./types-extra.ts";
import { typeFromValue, typeValue, type OptionType } from "../module-system/types/option-type.ts";
import { types as t } from "../module-system/types/index.ts";
import type { LibEnv } from "./lib-context.ts";
import { typesMoreLib } from "./types-more.ts";
import { lazyTypeValue } from "./lazy-type.ts";
import { attrsWith as attrsWithType } from "../module-system/types/attrs-of.ts";
import { lazyType } from "../module-system/types/lazy-type.ts";

const toType = (v: Lazy): OptionType => typeFromValue(force(v), "this value");
const wrap1 = (name: string, make: (x: OptionType) => OptionType) => fn(name, (x) => lazyTypeValue(() => make(toType(x)), ["elemType"]));

export function typesLib(env: LibEnv): Record<string, Value> {
  const specialArgsOf = (v: Lazy | undefined) => {
    const set = v === undefined ? undefined : expectAttrs(v);
    return set === undefined ? undefined : Object.fromEntries(set.map);
  };
  const submoduleWith = (arg: Lazy) => {
    const a = expectAttrs(arg);
    const cls = force(a.lazy("class") ?? null);
    const description = force(a.lazy("description") ?? null);
    return lazyTypeValue(() =>
      t.submoduleWith({
        modules: expectList(a.lazy("modules") ?? []),
        specialArgs: () => specialArgsOf(a.lazy("specialArgs")),
        shorthandOnlyDefinesConfig: expectBool(a.lazy("shorthandOnlyDefinesConfig") ?? false),
        class: cls === null ? undefined : text(cls),
        description: description === null ? undefined : text(description),
        lib: env.self(),
      }),
    );
  };
  const attrsWith = (arg: Lazy) => {
    const a = expectAttrs(arg);
    const elem = () => toType(a.lazy("elemType") ?? typeValue(t.unspecified));
    const placeholder = () => text(a.lazy("placeholder") ?? "name");
    return lazyTypeValue(() => attrsWithType(elem(), force(a.lazy("lazy") ?? false) === true, placeholder()), ["elemType"]);
  };
  const attrListWith = (arg: Lazy) => {
    const a = expectAttrs(arg);
    const merge = a.lazy("mergeAttrValues");
    return lazyTypeValue(
      () =>
        t.attrListWith({
          elemType: toType(a.lazy("elemType") as Lazy),
          asAttrs: force(a.lazy("asAttrs") ?? false) === true,
          ...(merge === undefined ? {} : { mergeAttrValues: (name: string, values: Lazy[]) => new Thunk(() => call(merge, name, values)) }),
        }),
      ["elemType"],
    );
  };
  const simple: Record<string, OptionType> = {
    anything: t.anything,
    attrs: t.attrs,
    bool: t.bool,
    boolByOr: t.boolByOr,
    commas: t.commas,
    envVar: t.envVar,
    float: t.float,
    int: t.int,
    lines: t.lines,
    nonEmptyStr: t.nonEmptyStr,
    number: t.number,
    optionType: t.optionType,
    package: t.package,
    path: t.path,
    port: t.port,
    raw: t.raw,
    shellPackage,
    singleLineStr: t.singleLineStr,
    str: t.str,
    unspecified: t.unspecified,
  };
  const self: Record<string, Value> = {
    ...Object.fromEntries(Object.entries(simple).map(([k, v]) => [k, typeValue(v)])),
    deferredModule: typeValue(deferredModuleWith([])),
    deferredModuleWith: fn("deferredModuleWith", (a) => typeValue(deferredModuleWith(expectList(expectAttrs(a).lazy("staticModules") ?? [])))),
    ints: attrs({
      between: fn("between", (lo, hi) => typeValue(t.ints.between(expectInt(lo), expectInt(hi)))),
      unsigned: typeValue(t.ints.unsigned),
      positive: typeValue(t.ints.positive),
      u8: typeValue(t.ints.u8),
      u16: typeValue(t.ints.u16),
      u32: typeValue(t.ints.u32),
      s8: typeValue(t.ints.s8),
      s16: typeValue(t.ints.s16),
      s32: typeValue(t.ints.s32),
    }),
    numbers: attrs({
      between: fn("between", (lo, hi) => typeValue(numbers.between(force(lo), force(hi)))),
      nonnegative: typeValue(numbers.nonnegative),
      positive: typeValue(numbers.positive),
    }),
    attrsOf: wrap1("attrsOf", t.attrsOf),
    lazyAttrsOf: wrap1("lazyAttrsOf", t.lazyAttrsOf),
    loaOf: wrap1("loaOf", t.attrsOf),
    attrsWith: fnOfSet("attrsWith", { elemType: false, lazy: true, placeholder: true }, attrsWith),
    listOf: wrap1("listOf", t.listOf),
    attrListOf: wrap1("attrListOf", t.attrListOf),
    attrListWith: fnOfSet("attrListWith", { elemType: false, asAttrs: true, mergeAttrValues: true }, attrListWith),
    nonEmptyListOf: wrap1("nonEmptyListOf", nonEmptyListOf),
    nullOr: wrap1("nullOr", t.nullOr),
    // nixpkgs' functionTo merges without looking at its element type.
    functionTo: fn("functionTo", (x) => lazyTypeValue(() => t.functionTo(lazyType(() => toType(x))), ["elemType"])),
    uniq: wrap1("uniq", (x) => t.uniq(x)),
    unique: fn("unique", (opts, x) => lazyTypeValue(() => t.uniq(toType(x), text(expectAttrs(opts).lazy("message") ?? "")), ["elemType"])),
    passwdEntry: wrap1("passwdEntry", t.passwdEntry),
    either: fn("either", (a, b) => lazyTypeValue(() => t.either(toType(a), toType(b)), ["left", "right"])),
    oneOf: fn("oneOf", (ts) => lazyTypeValue(() => t.oneOf(expectList(ts).map(toType)), ["left", "right"])),
    enum: fn("enum", (values) => typeValue(t.enum(expectList(values).map(force)))),
    separatedString: fn("separatedString", (sep) => typeValue(t.separatedString(text(sep)))),
    strMatching: fn("strMatching", (re) => typeValue(t.strMatching(text(re)))),
    coercedTo: fn("coercedTo", (from, f, to) => lazyTypeValue(() => t.coercedTo(toType(from), new NixFunction((v) => call(f, v)), toType(to)), ["coercedType", "finalType"])),
    addCheck: fn("addCheck", (x, check) => lazyTypeValue(() => addCheck(toType(x), (v) => force(call(check, v)) === true), ["elemType"])),
    submodule: fn("submodule", (m) => submoduleWith(attrs({ modules: Array.isArray(force(m)) ? m : [m], shorthandOnlyDefinesConfig: true }))),
    submoduleWith: fnOfSet("submoduleWith", { modules: false, specialArgs: true, shorthandOnlyDefinesConfig: true, description: true, class: true }, submoduleWith),
    mkOptionType: fn("mkOptionType", mkOptionType),
    isType: fn("isType", (type, v) => typeTag(force(v)) === text(type)),
    setType: fn("setType", (type, v) => expectAttrs(v).update(attrs({ _type: type }))),
    isOptionType: fn("isOptionType", (v) => typeTag(force(v)) === "option-type"),
    ...typesMoreLib(env),
  };
  // `with lib.types; types.str` works in nixpkgs: the set holds itself.
  self.types = NixAttrs.from(self);
  (self.types.map as Map<string, Value>).set("types", self.types);
  return self;
}
