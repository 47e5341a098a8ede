/**
 * `lib.systems` as nixpkgs has it: `doubles` (also `lib.platforms`),
 * `flakeExposed`, `elaborate` and `equals`, and the tables behind them —
 * `parse` (CPU types, vendors, kernels, ABIs; system strings to parsed
 * systems and back), `inspect` (the `is*` patterns and predicates),
 * `architectures` (GCC architectures' features), `platforms` (board
 * settings) and `examples` (cross-compilation platforms).
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../../nix/value.ts";
import { attrs, expectAttrs, expectList, nixThrow, text } from "../../nix/expect.ts";
import { fromJS } from "../../nix/js-value.ts";
import { valuesEqual } from "../../nix/equality.ts";
import { call, fn } from "../fn.ts";
import { builtin, type LibEnv } from "../lib-context.ts";
import { doubles, FLAKE_EXPOSED } from "./doubles.ts";
import { elaborate } from "./elaborate.ts";
import { darwinArch, doubleFromSystem, gnuNetBSDDefaultExecFormat, isCompatible, muslSystem, skeletonFromList, systemFromSkeleton, systemFromString, tripleFromSystem } from "./parse.ts";
import { ABIS, CPU_TYPES, EXEC_FORMATS, KERNEL_FAMILIES, KERNELS, SIGNIFICANT_BYTES, VENDORS } from "./parse-data.ts";
import { PATTERNS } from "./inspect-data.ts";
import { FEATURES, INFERIORS } from "./architectures-data.ts";
import { EXAMPLES, PLATFORMS } from "./examples-data.ts";
import { archCanExecute, FEATURE_PREDICATES, hasFeature } from "./architectures.ts";
import { selectPlatform } from "./platforms.ts";
import { abiValue, systemValue } from "./abi-assertions.ts";
import { matchesPattern, type Json, type JsonObject } from "./json.ts";

export { doubles, FLAKE_EXPOSED };

/** A Nix value as JSON-shaped data (functions as null). */
function toJson(v: Lazy): Json {
  const x = force(v);
  if (typeof x === "bigint") return Number(x);
  if (x === null || typeof x === "boolean" || typeof x === "number") return x;
  if (Array.isArray(x)) return x.map(toJson);
  if (x instanceof NixAttrs) return Object.fromEntries(x.keys().map((k) => [k, toJson(x.lazy(k) as Lazy)]));
  if (x instanceof NixFunction) return null;
  return text(x);
}

const table = (t: Readonly<Record<string, Json>>) => fromJS(t) as NixAttrs;
/** nixpkgs `inspect.matchAnyAttrs`: a predicate matching a pattern, or any of a list of them. */
const matchAnyAttrs = (patterns: Lazy) => {
  const p = toJson(patterns);
  return fn("matchAnyAttrs", (v) => {
    const value = toJson(v);
    return Array.isArray(p) ? p.some((q) => matchesPattern(q, value)) : matchesPattern(p, value);
  });
};

/** nixpkgs `inspect.patternLogicalAnd`: every pairing of the two patterns' alternatives, merged; a pairing that sets one attribute two ways is a conflict. */
function patternLogicalAnd(env: LibEnv, a: Lazy, b: Lazy): Value {
  const b_ = (name: string) => builtin(env, name);
  const list = (v: Lazy) => (Array.isArray(force(v)) ? (force(v) as Lazy[]) : [v]);
  const until = force((env.self() as NixAttrs).lazy("recursiveUpdateUntil") as Lazy);
  const pred = fn("pred", (path, x, y) => {
    if ((force(call(b_("intersectAttrs"), x, y)) as NixAttrs).size === 0 || valuesEqual(force(x), force(y))) return true;
    const json = (v: Lazy) => text(call(b_("toJSON"), v));
    return nixThrow(`pattern conflict at path ${text(call(b_("toString"), path))}:\n  ${json(x)}\n  ${json(y)}\n`);
  });
  return list(a).flatMap((x) => list(b).map((y) => new Thunk(() => call(until, pred, x, y))));
}

export function systemsLib(env: LibEnv): Record<string, Value> {
  const emulatorLib = {
    getExe: () => force((env.self() as NixAttrs).lazy("getExe") as Lazy),
    interpolate: (v: Value) => call(builtin(env, "toString"), v),
  };
  const elaborateFn = fn("elaborate", (arg) => elaborate(emulatorLib, (name) => builtin(env, name), arg));
  const parsedOf = (v: Lazy) => toJson(v) as JsonObject;
  return {
    doubles: attrs(doubles()),
    flakeExposed: FLAKE_EXPOSED,
    elaborate: elaborateFn,
    equals: fn("equals", (a, b) => valuesEqual(force(expectAttrs(a).lazy("_withoutFunctions") as Lazy), force(expectAttrs(b).lazy("_withoutFunctions") as Lazy))),
    functionNames: ["canExecute", "emulator", "emulatorAvailable", "staticEmulatorAvailable"],
    systemToAttrs: fn("systemToAttrs", (v) => (force(v) instanceof NixAttrs ? force(v) : attrs({ system: v }))),
    examples: table(EXAMPLES),
    platforms: (table(PLATFORMS) as NixAttrs).update(
      attrs({ select: fn("select", (p) => fromJS(selectPlatform((k) => force(expectAttrs(p).lazy(k) ?? false) === true, parsedOf(expectAttrs(expectAttrs(p).lazy("parsed") as Lazy).lazy("cpu") as Lazy)))) }),
    ),
    parse: attrs({
      cpuTypes: table(CPU_TYPES),
      vendors: table(VENDORS),
      kernels: table(KERNELS),
      abis: attrs(Object.fromEntries(Object.entries(ABIS).map(([k, v]) => [k, abiValue(v)]))),
      execFormats: table(EXEC_FORMATS),
      significantBytes: table(SIGNIFICANT_BYTES),
      kernelFamilies: table(KERNEL_FAMILIES),
      isSystem: fn("isSystem", (v) => { const x = force(v); return x instanceof NixAttrs && force(x.lazy("_type") ?? null) === "system"; }),
      gnuNetBSDDefaultExecFormat: fn("gnuNetBSDDefaultExecFormat", (cpu) => fromJS(EXEC_FORMATS[gnuNetBSDDefaultExecFormat(parsedOf(cpu))] as Json)),
      mkMuslSystem: fn("mkMuslSystem", (p) => systemValue(muslSystem(parsedOf(p)))),
      mkSkeletonFromList: fn("mkSkeletonFromList", (l) => fromJS(skeletonFromList(expectList(l).map(text)))),
      mkSystemFromSkeleton: fn("mkSystemFromSkeleton", (s) => systemValue(systemFromSkeleton(toJson(s) as never))),
      mkSystemFromString: fn("mkSystemFromString", (s) => systemValue(systemFromString(text(s)))),
      doubleFromSystem: fn("doubleFromSystem", (p) => doubleFromSystem(parsedOf(p))),
      tripleFromSystem: fn("tripleFromSystem", (p) => tripleFromSystem(parsedOf(p))),
      darwinArch: fn("darwinArch", (cpu) => darwinArch(parsedOf(cpu))),
      kernelName: fn("kernelName", (k) => {
        const kernel = parsedOf(k);
        return `${String(kernel.name)}${kernel.version === undefined || kernel.version === null ? "" : String(kernel.version)}`;
      }),
      isCompatible: fn("isCompatible", (a, b) => isCompatible(String(parsedOf(a).name), String(parsedOf(b).name))),
    }),
    inspect: attrs({
      patterns: table(PATTERNS),
      predicates: attrs(Object.fromEntries(Object.keys(PATTERNS).map((k) => [k, matchAnyAttrs(fromJS(PATTERNS[k]))]))),
      platformPatterns: attrs({ isStatic: attrs({ isStatic: true, parsed: NixAttrs.empty }) }),
      matchAnyAttrs: fn("matchAnyAttrs", (p) => matchAnyAttrs(p)),
      patternLogicalAnd: fn("patternLogicalAnd", (a, b) => patternLogicalAnd(env, a, b)),
    }),
    architectures: attrs({
      features: table(FEATURES),
      inferiors: table(INFERIORS),
      hasInferior: fn("hasInferior", (a, b) => ((INFERIORS[text(a)] as string[] | undefined) ?? []).includes(text(b))),
      canExecute: fn("canExecute", (a, b) => archCanExecute(text(a), text(b))),
      predicates: attrs(Object.fromEntries(Object.entries(FEATURE_PREDICATES).map(([k, feature]) => [k, fn(k, (arch) => hasFeature(feature, text(arch)))]))),
    }),
  };
}
