/**
 * `lib.gvariant`: GVariant values (the dconf/GSettings value format) as
 * Nix sets `{ _type = "gvariant"; type; value; __toString; }`, shown in
 * GVariant text format by `toString`: `mkValue` infers booleans, doubles,
 * strings and arrays (integers must say their width: mkInt32, mkUint64,
 * …), plus tuples, maybes, variants, dictionary entries and object
 * paths. Also `generators.mkDconfKeyValue` and `generators.toDconfINI`.
 */
import { force, isString, NixAttrs, Thunk, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectAttrs, expectList, nixThrow, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";

const TYPE = { string: "s", boolean: "b", uchar: "y", int16: "n", uint16: "q", int32: "i", uint32: "u", int64: "x", uint64: "t", double: "d", variant: "v" };
const INTS: readonly [string, string, bigint | null, bigint | null][] = [
  ["mkInt32", TYPE.int32, -2147483648n, 2147483647n],
  ["mkUint32", TYPE.uint32, 0n, 4294967295n],
  ["mkInt64", TYPE.int64, null, null],
  ["mkUint64", TYPE.uint64, 0n, null],
  ["mkInt16", TYPE.int16, -32768n, 32767n],
  ["mkUint16", TYPE.uint16, 0n, 65535n],
  ["mkUchar", TYPE.uchar, 0n, 255n],
];

export function gvariantLib(env: LibEnv): Record<string, Lazy> {
  const show = (v: Lazy) => text(call(builtin(env, "toString"), v));
  const prim = (type: Lazy, value: Lazy, shown: (self: NixAttrs) => string) =>
    attrs({ _type: "gvariant", type, value, __toString: fn("__toString", (self) => shown(expectAttrs(self))) });
  const typeOfValue = (v: NixAttrs) => text(v.lazy("type") as Lazy);
  const isGVariant = (v: Value) => v instanceof NixAttrs && force(v.lazy("_type") ?? "") === "gvariant";
  const plain = (type: string) => (v: Lazy) => prim(type, v, (self) => `@${typeOfValue(self)} ${show(self.lazy("value") as Lazy)}`);

  const mkBoolean = (v: Lazy) => prim(TYPE.boolean, v, (self) => (force(self.lazy("value") as Lazy) === true ? "true" : "false"));
  const mkDouble = (v: Lazy) => prim(TYPE.double, v, (self) => show(self.lazy("value") as Lazy));
  const mkString = (v: Lazy) => prim(TYPE.string, v, (self) => `'${text(self.lazy("value") as Lazy).replace(/['\\]/g, "\\$&").replace(/\n/g, "\\n")}'`);
  // As in nixpkgs, an empty or mixed list is refused when the value or type is read.
  const mkArray = (elems: Lazy): NixAttrs => {
    let made: NixAttrs[] | undefined;
    const vs = () => {
      if (made !== undefined) return made;
      const list = expectList(elems);
      if (list.length === 0) nixThrow("Please create empty array with mkEmptyArray.");
      return (made = list.map(mkValue));
    };
    const type = new Thunk(() => {
      const t = typeOfValue(vs()[0] as NixAttrs);
      if (!vs().every((v) => typeOfValue(v) === t)) nixThrow("Elements in a list should have same type.");
      return `a${t}`;
    });
    return prim(type, new Thunk(vs), (self) => `@${typeOfValue(self)} [${expectList(self.lazy("value") as Lazy).map(show).join(",")}]`);
  };
  const mkValue = (vl: Lazy): NixAttrs => {
    const v = force(vl);
    if (typeof v === "boolean") return mkBoolean(v);
    if (typeof v === "number") return mkDouble(v);
    if (isString(v)) return mkString(v);
    if (Array.isArray(v)) return mkArray(v);
    if (isGVariant(v)) return v as NixAttrs;
    if (typeof v === "bigint") {
      const valid = INTS.filter(([, , min, max]) => (min === null || min <= v) && (max === null || v <= max));
      nixThrow(
        `The GVariant type for number “${v}” is unclear.\nPlease wrap the value with one of the following, depending on the value type in GSettings schema:\n${valid.map(([name, type]) => `- \`lib.gvariant.${name}\` for \`${type}\``).join("\n")}\n`,
      );
    }
    if (v instanceof NixAttrs) {
      nixThrow("Cannot construct GVariant value from an attribute set. If you want to construct a dictionary, you will need to create an array containing items constructed with `lib.gvariant.mkDictionaryEntry`.");
    }
    return nixThrow(`The GVariant type of “${typeOf(v)}” can't be inferred.`);
  };
  const mkMaybe = (elemType: Lazy, elem: Lazy) =>
    prim(new Thunk(() => `m${text(elemType)}`), elem, (self) => (force(self.lazy("value") as Lazy) === null ? `@${typeOfValue(self)} nothing` : `just ${show(self.lazy("value") as Lazy)}`));

  return {
    type: attrs({
      ...TYPE,
      arrayOf: fn("arrayOf", (t) => `a${text(t)}`),
      maybeOf: fn("maybeOf", (t) => `m${text(t)}`),
      tupleOf: fn("tupleOf", (ts) => `(${expectList(ts).map(text).join("")})`),
      dictionaryEntryOf: fn("dictionaryEntryOf", (k, v) => `{${text(k)}${text(v)}}`),
    }),
    isGVariant: fn("isGVariant", (v) => isGVariant(force(v))),
    intConstructors: INTS.map(([name, type, min, max]) => attrs({ name, type, min, max })),
    mkValue: fn("mkValue", mkValue),
    mkArray: fn("mkArray", mkArray),
    mkEmptyArray: fn("mkEmptyArray", (t) => prim(`a${text(t)}`, [], (self) => `@${typeOfValue(self)} []`)),
    mkVariant: fn("mkVariant", (e) => prim(TYPE.variant, new Thunk(() => mkValue(e)), (self) => `<${show(self.lazy("value") as Lazy)}>`)),
    mkDictionaryEntry: fn("mkDictionaryEntry", (name, value) => {
      const [k, v] = [new Thunk(() => mkValue(name)), new Thunk(() => mkValue(value))];
      const type = new Thunk(() => `{${typeOfValue(force(k) as NixAttrs)}${typeOfValue(force(v) as NixAttrs)}}`);
      return prim(type, attrs({ name, value }), (self) => `@${typeOfValue(self)} {${show(k)},${show(v)}}`);
    }),
    mkMaybe: fn("mkMaybe", mkMaybe),
    mkNothing: fn("mkNothing", (t) => mkMaybe(t, null)),
    mkJust: fn("mkJust", (e) => {
      const v = new Thunk(() => mkValue(e));
      return mkMaybe(new Thunk(() => typeOfValue(force(v) as NixAttrs)), v);
    }),
    mkTuple: fn("mkTuple", (elems) => {
      const vs = new Thunk(() => expectList(elems).map(mkValue));
      const type = new Thunk(() => `(${(force(vs) as NixAttrs[]).map(typeOfValue).join("")})`);
      return prim(type, vs, (self) => `@${typeOfValue(self)} (${expectList(self.lazy("value") as Lazy).map(show).join(",")})`);
    }),
    mkBoolean: fn("mkBoolean", mkBoolean),
    mkString: fn("mkString", mkString),
    mkObjectpath: fn("mkObjectpath", (v) => prim(TYPE.string, v, (self) => `objectpath '${text(self.lazy("value") as Lazy).replace(/'/g, "\\'")}'`)),
    mkUchar: fn("mkUchar", plain(TYPE.uchar)),
    mkInt16: fn("mkInt16", plain(TYPE.int16)),
    mkUint16: fn("mkUint16", plain(TYPE.uint16)),
    mkInt32: fn("mkInt32", (v) => prim(TYPE.int32, v, (self) => show(self.lazy("value") as Lazy))),
    mkUint32: fn("mkUint32", plain(TYPE.uint32)),
    mkInt64: fn("mkInt64", plain(TYPE.int64)),
    mkUint64: fn("mkUint64", plain(TYPE.uint64)),
    mkDouble: fn("mkDouble", mkDouble),
  };
}

/** `generators.mkDconfKeyValue` and `generators.toDconfINI`, over the lib's own mkKeyValueDefault and toINI. */
export function dconfGenerators(env: LibEnv, gvariant: Record<string, Lazy>): Record<string, Lazy> {
  const generators = () => expectAttrs((env.self() as NixAttrs).lazy("generators") as Lazy);
  const valueString = fn("mkValueString", (v) => call(builtin(env, "toString"), call(gvariant.mkValue as Lazy, v)));
  const mkDconfKeyValue = fn("mkDconfKeyValue", (k, v) => call(generators().lazy("mkKeyValueDefault") as Lazy, attrs({ mkValueString: valueString }), "=", k, v));
  return {
    mkDconfKeyValue,
    toDconfINI: fn("toDconfINI", (set) => call(generators().lazy("toINI") as Lazy, attrs({ mkKeyValue: mkDconfKeyValue }), set)),
  };
}
