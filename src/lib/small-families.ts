/**
 * nixpkgs' small lib families: `stringsWithDeps` (texts ordered after
 * the texts they depend on: textClosureList/Map, noDepEntry,
 * fullDepEntry, packEntry, stringAfter), `sourceTypes`, `fetchers`
 * (proxyImpureEnvVars, normalizeHash, withNormalizedHash), `kernel`
 * (configuration values y/n/m, freeform, option, whenHelpers) and the
 * deprecated `misc` helpers still lifted to the top level (maybeEnv,
 * maybeAttr, ifEnable, uniqList, condConcat, nvs, setAttr,
 * mergeAttrsWithFunc, nixType, imap, the fake hashes, …).
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { valuesEqual } from "../nix/equality.ts";
import { apply, call, fn, isCallable } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectList, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";
import { functionArgs } from "./trivial.ts";

export const FAKE_HASHES = {
  fakeHash: "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  fakeSha256: "0".repeat(64),
  fakeSha512: "0".repeat(128),
};

export function stringsWithDepsLib(): Record<string, Lazy> {
  const closure = (predefined: Lazy, names: Lazy): Lazy[] => {
    const done = new Set<string>();
    const walk = (todo: readonly Lazy[]): Lazy[] =>
      todo.flatMap((e) => {
        const entry = force(e);
        if (entry instanceof NixAttrs) return [...walk(expectList(entry.lazy("deps") as Lazy)), entry.lazy("text") as Lazy];
        const name = text(entry);
        if (done.has(name)) return [];
        done.add(name);
        return walk([expectAttrs(predefined).lazy(name) ?? nixThrow(`attribute '${name}' missing`)]);
      });
    return walk(expectList(names));
  };
  return {
    textClosureList: fn("textClosureList", closure),
    textClosureMap: fn("textClosureMap", (f, predefined, names) => {
      const parts = closure(predefined, names).map((t) => force(call(f, t)));
      return stringFrom(parts.map((p) => text(p)).join("\n"), ...parts);
    }),
    noDepEntry: fn("noDepEntry", (t) => attrs({ text: t, deps: [] })),
    fullDepEntry: fn("fullDepEntry", (t, deps) => attrs({ text: t, deps })),
    packEntry: fn("packEntry", (deps) => attrs({ deps, text: "" })),
    stringAfter: fn("stringAfter", (deps, t) => attrs({ text: t, deps })),
  };
}

export function sourceTypesSet(): NixAttrs {
  const type = (shortName: string, isSource: boolean) => attrs({ shortName, isSource });
  return attrs({
    fromSource: type("fromSource", true),
    binaryNativeCode: type("binaryNativeCode", false),
    binaryBytecode: type("binaryBytecode", false),
    binaryFirmware: type("binaryFirmware", false),
    obfuscatedCode: type("obfuscatedCode", false),
  });
}

export function fetchersLib(): Record<string, Lazy> {
  const FAKE: Record<string, string> = { hash: FAKE_HASHES.fakeHash, sha256: FAKE_HASHES.fakeSha256, sha512: FAKE_HASHES.fakeSha512 };
  const hashNames = (o: NixAttrs) => ["hash", ...expectList(o.lazy("hashTypes") ?? ["sha256"]).map(text)];
  const normalize = (names: readonly string[], required: boolean, argsL: Lazy): Value => {
    const args = expectAttrs(argsL);
    if (args.has("outputHash")) return args;
    const given = args.keys().filter((k) => names.includes(k));
    if (given.length > 1) nixThrow(`fetcher called with mutually-incompatible arguments: ${given.join(", ")}`);
    if (given.length === 0 && required) nixThrow("fetcher called without `hash`");
    const rest = new NixAttrs(new Map([...args.map].filter(([k]) => !names.includes(k))));
    if (given.length === 0) return rest;
    const name = given[0] as string;
    const value = force(args.lazy(name) as Lazy);
    const hash = text(value) === "" ? (FAKE[name] ?? nixThrow(`no “fake hash” defined for ${name}`)) : value;
    return rest.update(attrs({ outputHashAlgo: name === "hash" ? null : name, outputHash: hash }));
  };
  return {
    proxyImpureEnvVars: ["http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY", "NO_PROXY", "NIX_SSL_CERT_FILE"],
    normalizeHash: fn("normalizeHash", (o, args) => {
      const opts = expectAttrs(o);
      return normalize(hashNames(opts), force(opts.lazy("required") ?? true) === true, args);
    }),
    withNormalizedHash: fn("withNormalizedHash", (o, fetcher) => {
      const names = hashNames(expectAttrs(o));
      const fArgs = functionArgs(fetcher);
      if (!fArgs.has("outputHash") || !fArgs.has("outputHashAlgo")) nixThrow("assertion '(fArgs ? outputHash && fArgs ? outputHashAlgo)' failed");
      if (names.some((n) => fArgs.has(n))) nixThrow("assertion '(intersectAttrs fArgs hashSet == { })' failed");
      const required = fArgs.get("outputHash") !== true;
      const shown = new Map([...fArgs.map].filter(([k]) => k !== "outputHash" && k !== "outputHashAlgo"));
      shown.set("hash", fArgs.lazy("outputHash") as Lazy);
      return attrs({ __functor: fn("__functor", (_self, args) => call(fetcher, normalize(names, required, args))), __functionArgs: new NixAttrs(shown) });
    }),
  };
}

export function kernelLib(env: LibEnv): Record<string, Lazy> {
  const setting = (tristate: Lazy) => attrs({ tristate, optional: false });
  const l = (n: string) => (env.self() as NixAttrs).lazy(n) as Lazy;
  const when = (cond: () => boolean) => fn("mkIf", (content) => call(l("mkIf"), new Thunk(cond), content));
  return {
    option: fn("option", (x) => expectAttrs(x).update(attrs({ optional: true }))),
    yes: setting("y"),
    no: setting("n"),
    module: setting("m"),
    unset: setting(null),
    freeform: fn("freeform", (x) => attrs({ freeform: x, optional: false })),
    whenHelpers: fn("whenHelpers", (version) =>
      attrs({
        whenAtLeast: fn("whenAtLeast", (ver) => when(() => force(call(l("versionAtLeast"), version, ver)) === true)),
        whenOlder: fn("whenOlder", (ver) => when(() => force(call(l("versionOlder"), version, ver)) === true)),
        whenBetween: fn("whenBetween", (lo, hi) => when(() => force(call(l("versionAtLeast"), version, lo)) === true && force(call(l("versionOlder"), version, hi)) === true)),
      }),
    ),
  };
}

/** nixpkgs' checkFlag: "true"/"false", a name in the set's `flags`, or the set's attribute of that name (default false). */
export function checkFlag(set: Lazy, nameL: Lazy): Value {
  const name = text(nameL);
  if (name === "true") return true;
  if (name === "false") return false;
  const s = expectAttrs(set);
  if (expectList(s.lazy("flags") ?? []).some((f) => valuesEqual(force(f), name))) return true;
  return force(s.lazy(name) ?? false);
}

export function miscLib(env: LibEnv): Record<string, Lazy> {
  const l = (n: string) => (env.self() as NixAttrs).lazy(n) as Lazy;
  const nvs = (name: Lazy, value: Lazy) => new NixAttrs(new Map([[text(name), value]]));
  const maybeAttr = fn("maybeAttr", (name, dflt, set) => force(expectAttrs(set).lazy(text(name)) ?? dflt));
  const toList = (v: Lazy) => (Array.isArray(force(v)) ? (force(v) as Lazy[]) : [v]);
  const mergeAttrsWithFunc = (f: Lazy, s1: Lazy, s2: Lazy) => {
    const [a, b] = [expectAttrs(s1), expectAttrs(s2)];
    const both = b.update(a);
    // As nixpkgs: every name of the second set is combined, the first argument taken from `set2 // set1`.
    return both.update(new NixAttrs(new Map(b.keys().map((k) => [k, new Thunk(() => call(f, both.lazy(k) as Lazy, b.lazy(k) as Lazy))]))));
  };
  const uniq = (list: Lazy[], acc: Lazy[]) => {
    const out: Lazy[] = [];
    for (const x of list) if (![...acc, ...out].some((y) => valuesEqual(force(y), force(x)))) out.push(x);
    return out;
  };
  return {
    ...FAKE_HASHES,
    maybeEnv: fn("maybeEnv", (name, dflt) => {
      const v = text(call(builtin(env, "getEnv"), name));
      return v === "" ? force(dflt) : v;
    }),
    defaultMergeArg: fn("defaultMergeArg", (x, y) => (force(y) instanceof NixAttrs ? force(y) : apply(y, x))),
    defaultMerge: fn("defaultMerge", (x, y) => expectAttrs(x).update(expectAttrs(force(y) instanceof NixAttrs ? y : apply(y, x)))),
    maybeAttr,
    maybeAttrNullable: maybeAttr,
    ifEnable: fn("ifEnable", (cond, val) => {
      if (expectBool(cond)) return force(val);
      const v = force(val);
      return Array.isArray(v) ? [] : v instanceof NixAttrs ? NixAttrs.empty : typeof v === "boolean" ? false : null;
    }),
    uniqList: fn("uniqList", (a) => uniq(expectList(expectAttrs(a).lazy("inputList") as Lazy), expectList(expectAttrs(a).lazy("acc") ?? []))),
    condConcat: fn("condConcat", (name, list, checker) => {
      const l2 = expectList(list);
      let out = force(name);
      for (let i = 0; i < l2.length; i += 2) {
        if (force(call(checker, l2[i] as Lazy)) !== true) continue;
        if (i + 1 >= l2.length) nixThrow("'builtins.head' called on an empty list");
        out = stringFrom(text(out) + text(l2[i + 1] as Lazy), out, force(l2[i + 1] as Lazy));
      }
      return out;
    }),
    nvs: fn("nvs", nvs),
    setAttr: fn("setAttr", (set, name, v) => expectAttrs(set).update(nvs(name, v))),
    setAttrMerge: fn("setAttrMerge", (name, dflt, set, f) => expectAttrs(set).update(nvs(name, new Thunk(() => call(f, new Thunk(() => force(expectAttrs(set).lazy(text(name)) ?? dflt))))))),
    mergeAttrsWithFunc: fn("mergeAttrsWithFunc", mergeAttrsWithFunc),
    mergeAttrsConcatenateValues: fn("mergeAttrsConcatenateValues", (a, b) => mergeAttrsWithFunc(fn("concat", (x, y) => [...toList(x), ...toList(y)]), a, b)),
    nixType: fn("nixType", (x) => {
      const v = force(x);
      if (v instanceof NixAttrs) return v.has("outPath") ? "derivation" : "attrs";
      if (isCallable(v)) return "function";
      if (Array.isArray(v)) return "list";
      if (typeof v === "boolean") return "bool";
      if (v === null) return "null";
      return typeof v === "bigint" ? "int" : "string";
    }),
    imap: new Thunk(() => force(l("imap1"))),
    closePropagation: fn("closePropagation", (list) => {
      // genericClosure over outPath keys, following propagated (native) build inputs.
      const item = (x: Lazy) => attrs({ key: new Thunk(() => force(expectAttrs(x).lazy("outPath") as Lazy)), val: x });
      const start = expectList(list).filter((x) => force(x) !== null).map(item);
      const operator = fn("operator", (it) => {
        const val = force(expectAttrs(it).lazy("val") as Lazy);
        if (!(val instanceof NixAttrs)) return [];
        const inputs = [...expectList(val.lazy("propagatedBuildInputs") ?? []), ...expectList(val.lazy("propagatedNativeBuildInputs") ?? [])];
        return inputs.filter((x) => force(x) !== null).map(item);
      });
      return expectList(call(builtin(env, "genericClosure"), attrs({ startSet: start, operator }))).map((x) => expectAttrs(x).lazy("val") as Lazy);
    }),
    checkFlag: fn("checkFlag", (set, name) => checkFlag(set, name)),
    uniqListExt: fn("uniqListExt", (a) => {
      const args = expectAttrs(a);
      const getter = args.lazy("getter") ?? fn("id", (x) => force(x));
      const compare = args.lazy("compare") ?? fn("eq", (x, y) => valuesEqual(force(x), force(y)));
      const out = [...expectList(args.lazy("outputList") ?? [])];
      for (const x of expectList(args.lazy("inputList") as Lazy)) {
        if (!out.some((y) => force(call(compare, call(getter, y), call(getter, x))) === true)) out.push(x);
      }
      return out;
    }),
    modifySumArgs: fn("modifySumArgs", (f, x, a) => {
      let acc = NixAttrs.empty;
      const step = (b: Lazy): Value => (force(b) === null ? expectAttrs(call(f, acc, null)).update(expectAttrs(x)) : ((acc = acc.update(expectAttrs(b))), fn("sumArgs", step)));
      return step(a);
    }),
    lazyGenericClosure: fn("lazyGenericClosure", (a) => {
      const args = expectAttrs(a);
      const todo = [...expectList(args.lazy("startSet") as Lazy)];
      const done: Value[] = [];
      const result: Lazy[] = [];
      while (todo.length > 0) {
        const x = todo.shift() as Lazy;
        const key = force(expectAttrs(x).lazy("key") as Lazy);
        if (done.some((k) => valuesEqual(k, key))) continue;
        done.push(key);
        result.unshift(x);
        todo.push(...expectList(call(args.lazy("operator") as Lazy, x)));
      }
      return result;
    }),
  };
}
