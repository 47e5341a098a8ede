/**
 * More of `lib.types`: `pathWith { inStore; absolute; }` and its
 * instances `pathInStore` and `externalPath`; the serialisable value
 * types `serializableValueWith`, `json` and `toml` (null, booleans,
 * numbers, strings, paths, and sets and lists of them, recursively);
 * `luaInline` (values made by generators.mkLuaInline); `pkgs` (a nixpkgs
 * package set); `attrTag` (a set with exactly one attribute, each tag an
 * option); `optionDeclaration`; `fileset`; and the helpers
 * `optionDescriptionPhrase`, `mergeTypes`, `defaultFunctor`,
 * `defaultTypeMerge` and `noCheckForDocsModule`.
 */
import { force, isString, NixAttrs, NixPath, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, nixThrow, text } from "../nix/expect.ts";
import { addCheck } from "./types-extra.ts";
import { subpathComponents } from "./path.ts";
import { typeFromValue, typeHeadError, typeValue, sameTypeMerge, type OptionType } from "../module-system/types/option-type.ts";
import type { Definition } from "../module-system/definition.ts";
import type { OptionPath } from "../module-system/option-path.ts";
import { types as t } from "../module-system/types/index.ts";
import { stringLike } from "../module-system/types/path.ts";
import { mergeEqualOption, mergeOneOption } from "../module-system/merge-functions.ts";
import { attrTagFromOptions } from "../module-system/types/attr-tag.ts";
import { emptyFileSet } from "./fileset/index.ts";
import type { LibEnv } from "./lib-context.ts";

/** Whether a path's components start with a store path (`<storeDir>/<hash>-<name>`). */
export function inStore(path: string, storeDir: string): boolean {
  const store = subpathComponents(storeDir);
  const c = subpathComponents(path);
  return c.length > store.length && store.every((s, i) => c[i] === s) && /^.{32}-.+$/s.test(c[store.length] as string);
}

export function pathWith(storeDir: string, inStoreWanted: boolean | null, absolute: boolean | null): OptionType {
  if (inStoreWanted === true && absolute === false) nixThrow("In pathWith, inStore means the path must be absolute");
  const description =
    (absolute === null ? "" : absolute ? "absolute " : "relative ") + "path" + (inStoreWanted === null ? "" : inStoreWanted ? " in the Nix store" : " not in the Nix store");
  const self: OptionType = {
    name: "path",
    description,
    descriptionClass: "noun",
    check: (v) => {
      const s = stringLike(v);
      const expected = inStoreWanted === null || inStoreWanted ? s !== undefined : isString(v);
      if (!expected || s === undefined) return false;
      const p = v instanceof NixPath ? v.path : `/${s}`;
      return (inStoreWanted === null || inStoreWanted === inStore(p, storeDir)) && (absolute === null || absolute === s.startsWith("/"));
    },
    merge: mergeEqualOption,
    nestedTypes: {},
    typeMerge: (o) => (o.name === "path" && o.description === description ? self : undefined),
  };
  return self;
}

/** A JSON- or TOML-like value: a recursive union built on first use. */
export function serializableValueWith(typeName: string, nullable: boolean): OptionType {
  let inner: OptionType | undefined;
  const base = (): OptionType => {
    if (inner !== undefined) return inner;
    const union = t.oneOf([t.bool, t.int, t.float, t.str, t.path, t.attrsOf(self), t.listOf(self)]);
    return (inner = nullable ? t.nullOr(union) : union);
  };
  const self: OptionType = {
    get name() { return base().name; },
    description: `${typeName} value`,
    descriptionClass: "conjunction",
    check: (v) => base().check(v),
    merge: (loc, defs) => base().merge(loc, defs),
    // nullOr judges definitions by its check (its type errors read "Definition values:"); oneOf has a head error.
    ...(nullable ? {} : { headError: (loc: OptionPath, defs: readonly Definition[]) => typeHeadError(base(), loc, defs) }),
    // Not listed: the union contains this type itself.
    nestedTypes: {},
    typeMerge: (o) => (o.description === self.description ? self : undefined),
  };
  return self;
}

/** `fileset`: a file set or an existing path; definitions merge to their union. */
function filesetType(env: LibEnv): OptionType {
  const fileset = (name: string) => expectAttrs((env.self() as NixAttrs).lazy("fileset") as Lazy).lazy(name) as Lazy;
  const self: OptionType = {
    name: "fileset",
    description: "fileset",
    descriptionClass: "noun",
    check: (v) => force(call(fileset("isFileset"), v)) === true,
    merge: (_loc, defs) => call(fileset("unions"), defs.map((d) => d.value)),
    emptyValue: { value: emptyFileSet },
    nestedTypes: {},
    typeMerge: (o) => sameTypeMerge(self)(o),
  };
  return self;
}

function simple(name: string, description: string, check: (v: Value) => boolean, merge = mergeEqualOption): OptionType {
  const self: OptionType = { name, description, descriptionClass: "noun", check, merge, nestedTypes: {}, typeMerge: (o) => sameTypeMerge(self)(o) };
  return self;
}

export function typesMoreLib(env: LibEnv): Record<string, Value> {
  const storeDir = env.ctx.storeDir;
  const toType = (v: Lazy): OptionType => typeFromValue(force(v), "this value");
  const defaultFunctor = (name: string) =>
    attrs({
      name,
      type: new Thunk(() => force(expectAttrs((env.self() as NixAttrs).lazy("types") as Lazy).lazy(name) ?? null)),
      payload: null,
      binOp: fn("binOp", (_a, _b) => null),
    });
  return {
    pathWith: fn("pathWith", (a) => {
      const args = expectAttrs(a);
      const flag = (k: string) => {
        const v = force(args.lazy(k) ?? null);
        return v === null ? null : v === true;
      };
      return typeValue(pathWith(storeDir, flag("inStore"), flag("absolute")));
    }),
    pathInStore: typeValue(pathWith(storeDir, true, null)),
    externalPath: typeValue(pathWith(storeDir, false, true)),
    serializableValueWith: fn("serializableValueWith", (a) => {
      const args = expectAttrs(a);
      return typeValue(serializableValueWith(text(args.lazy("typeName") as Lazy), force(args.lazy("nullable") ?? true) === true));
    }),
    json: typeValue(serializableValueWith("JSON", true)),
    toml: typeValue(serializableValueWith("TOML", false)),
    luaInline: typeValue(simple("luaInline", "inline lua", (v) => typeTag(v) === "lua-inline")),
    pkgs: typeValue({
      ...addCheck(t.attrs, (v) => typeTag(v) === "pkgs"),
      name: "pkgs",
      description: "Nixpkgs package set",
      descriptionClass: "noun",
      merge: (loc, defs) => mergeOneOption(loc, defs, "A Nixpkgs pkgs set can not be merged with another pkgs set."),
    }),
    optionDeclaration: typeValue(simple("optionDeclaration", "option declaration", (v) => typeTag(v) === "option" && !(v as NixAttrs).has("value"), mergeOneOption)),
    fileset: typeValue(filesetType(env)),
    attrTag: fn("attrTag", (tags) => typeValue(attrTagFromOptions(expectAttrs(tags)))),
    optionDescriptionPhrase: fn("optionDescriptionPhrase", (unparenthesize, type) => {
      const ty = expectAttrs(type);
      const cls = force(ty.lazy("descriptionClass") ?? null);
      return force(call(unparenthesize, cls)) === true ? force(ty.lazy("description") as Lazy) : `(${text(ty.lazy("description") as Lazy)})`;
    }),
    mergeTypes: fn("mergeTypes", (a, b) => {
      const merged = toType(a).typeMerge(toType(b));
      return merged === undefined ? attrs({ _type: "merge-error", error: "Cannot merge types" }) : typeValue(merged);
    }),
    defaultFunctor: fn("defaultFunctor", (name) => defaultFunctor(text(name))),
    defaultTypeMerge: fn("defaultTypeMerge", (f, f2) => {
      const [a, b] = [expectAttrs(f), expectAttrs(f2)];
      if (text(a.lazy("name") as Lazy) !== text(b.lazy("name") as Lazy)) return null;
      const payload = force(a.lazy("payload") ?? null);
      if ((force(b.lazy("payload") ?? null) === null) !== (payload === null)) nixThrow("assertion '((f'.payload != null) == (f.payload != null))' failed");
      if (payload === null) return force(a.lazy("type") as Lazy);
      const merged = call(a.lazy("binOp") as Lazy, a.lazy("payload") as Lazy, b.lazy("payload") as Lazy);
      return merged === null ? null : call(a.lazy("type") as Lazy, merged);
    }),
    noCheckForDocsModule: attrs({
      config: attrs({ _module: attrs({ check: new Thunk(() => call((env.self() as NixAttrs).lazy("mkForce") as Lazy, false)) }) }),
      _file: "<built-in module that disables checks for the purpose of documentation generation>",
    }),
  };
}
