/**
 * `lib.trivial`: combinators (id, const, flip, pipe), booleans and
 * numbers, warnings and throws (`warn`, `warnIf`, `throwIf`, …), function
 * arguments (`functionArgs`/`setFunctionArgs`, functors included), the
 * release version, and the type predicates (`isAttrs`, `isFunction`, …).
 */
import { force, NixAttrs, NixFunction, NixPath, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { lessThan } from "../nix/operators.ts";
import { EvalError } from "../nix/errors.ts";
import { apply, call, fn, isCallable } from "./fn.ts";
import { attrs, expectAttrs, expectBool, expectInt, expectList, nixThrow, text } from "../nix/expect.ts";
import { fromJSON } from "./json.ts";
import { fromTOML } from "../nix/builtins/toml.ts";
import type { LibEnv } from "./lib-context.ts";
import { interpolate } from "./coercion.ts";

export const RELEASE = "26.11";
export const OLDEST_SUPPORTED_RELEASE = 2605n;

/** `builtins.functionArgs`, extended to functors as `lib.functionArgs`. */
export function functionArgs(f: Lazy): NixAttrs {
  const v = force(f);
  if (v instanceof NixAttrs && v.has("__functor")) {
    const explicit = v.get("__functionArgs");
    return explicit !== undefined ? expectAttrs(explicit) : functionArgs(apply(v.lazy("__functor") as Lazy, v));
  }
  if (v instanceof NixFunction) {
    // With the formals' positions, as builtins.functionArgs gives them (unsafeGetAttrPos reads where each is written).
    return v.formals === undefined ? NixAttrs.empty : new NixAttrs(new Map<string, Lazy>(v.formals.names), v.formals.positions);
  }
  throw new EvalError(`'functionArgs' requires a function`);
}

export function trivialLib(env: LibEnv): Record<string, Lazy> {
  const { ctx } = env;
  const warn = (msg: Lazy, v: Lazy): Value => {
    ctx.warn(text(msg));
    return force(v);
  };
  const identity = fn("id", (x) => force(x));
  const setFunctionArgs = (f: Lazy, args: Lazy) => attrs({ __functor: fn("__functor", (_self) => force(f)), __functionArgs: args });
  return {
    id: identity,
    const: fn("const", (x, _y) => force(x)),
    flip: fn("flip", (f, a, b) => call(f, b, a)),
    pipe: fn("pipe", (val, fns) => expectList(fns).reduce<Value>((acc, f) => apply(f, acc), force(val))),
    concat: fn("concat", (x, y) => [...expectList(x), ...expectList(y)]),
    or: fn("or", (x, y) => expectBool(x) || expectBool(y)),
    and: fn("and", (x, y) => expectBool(x) && expectBool(y)),
    xor: fn("xor", (x, y) => expectBool(x) !== expectBool(y)),
    bitNot: fn("bitNot", (x) => -1n - expectInt(x)),
    boolToString: fn("boolToString", (b) => (expectBool(b) ? "true" : "false")),
    boolToYesNo: fn("boolToYesNo", (b) => (expectBool(b) ? "yes" : "no")),
    mergeAttrs: fn("mergeAttrs", (x, y) => expectAttrs(x).update(expectAttrs(y))),
    defaultTo: fn("defaultTo", (d, v) => (force(v) === null ? force(d) : force(v))),
    mapNullable: fn("mapNullable", (f, a) => (force(a) === null ? null : call(f, a))),
    min: fn("min", (x, y) => (lessThan(force(x), force(y)) ? force(x) : force(y))),
    max: fn("max", (x, y) => (lessThan(force(y), force(x)) ? force(x) : force(y))),
    mod: fn("mod", (base, int) => expectInt(base) % expectInt(int)),
    compare: fn("compare", (a, b) => (lessThan(force(a), force(b)) ? -1n : lessThan(force(b), force(a)) ? 1n : 0n)),
    splitByAndCompare: fn("splitByAndCompare", (p, yes, no, a, b) => {
      const pa = call(p, a) === true;
      const pb = call(p, b) === true;
      if (pa) return pb ? call(yes, a, b) : -1n;
      return pb ? 1n : call(no, a, b);
    }),
    toHexString: fn("toHexString", (i) => expectInt(i).toString(16).toUpperCase()),
    toBaseDigits: fn("toBaseDigits", (base, i) => {
      const b = expectInt(base);
      let n = expectInt(i);
      const digits: bigint[] = [];
      do {
        digits.unshift(n % b);
        n /= b;
      } while (n > 0n);
      return digits;
    }),
    version: RELEASE,
    release: RELEASE,
    versionSuffix: "",
    oldestSupportedRelease: OLDEST_SUPPORTED_RELEASE,
    isInOldestRelease: new Thunk(() => {
      if (2411n <= OLDEST_SUPPORTED_RELEASE) env.ctx.warn("lib.isInOldestRelease is deprecated. Use lib.oldestSupportedReleaseIsAtLeast instead.");
      return fn("oldestSupportedReleaseIsAtLeast", (r) => expectInt(r) <= OLDEST_SUPPORTED_RELEASE);
    }),
    oldestSupportedReleaseIsAtLeast: fn("oldestSupportedReleaseIsAtLeast", (r) => expectInt(r) <= OLDEST_SUPPORTED_RELEASE),
    inNixShell: false,
    importJSON: fn("importJSON", (path) => fromJSON(readPath(path))),
    importTOML: fn("importTOML", (path) => fromTOML(readPath(path))),
    warn: fn("warn", warn),
    warnIf: fn("warnIf", (cond, msg) => (expectBool(cond) ? fn("warn", (v) => warn(msg, v)) : identity)),
    warnIfNot: fn("warnIfNot", (cond, msg) => (expectBool(cond) ? identity : fn("warn", (v) => warn(msg, v)))),
    throwIf: fn("throwIf", (cond, msg) => (expectBool(cond) ? nixThrow(text(msg)) : identity)),
    throwIfNot: fn("throwIfNot", (cond, msg) => (expectBool(cond) ? identity : nixThrow(text(msg)))),
    info: fn("info", (msg, v) => (ctx.trace(`INFO: ${text(msg)}`), force(v))),
    showWarnings: fn("showWarnings", (warnings, res) => {
      for (const w of expectList(warnings)) ctx.warn(text(w));
      return force(res);
    }),
    functionArgs: fn("functionArgs", functionArgs),
    setFunctionArgs: fn("setFunctionArgs", setFunctionArgs),
    mirrorFunctionArgs: fn("mirrorFunctionArgs", (f, g) => setFunctionArgs(g, functionArgs(f))),
    toFunction: fn("toFunction", (v) => (isCallable(force(v)) ? force(v) : fn("toFunction", (_x) => force(v)))),
    isFunction: fn("isFunction", (v) => isCallable(force(v))),
    isAttrs: fn("isAttrs", (v) => force(v) instanceof NixAttrs),
    isList: fn("isList", (v) => Array.isArray(force(v))),
    isPath: fn("isPath", (v) => force(v) instanceof NixPath),
  };

  function readPath(path: Lazy): string {
    const p = force(path);
    return ctx.readFile(p instanceof NixPath ? p.path : String(interpolate(p, ctx.copyToStore)));
  }
}
