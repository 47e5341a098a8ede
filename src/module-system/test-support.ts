/**
 * Helpers for the module-system tests: evaluate TypeScript-style modules,
 * read results as JavaScript or Nix values, catch the error a step throws,
 * and attach source positions to definitions. Used by *.test.ts only.
 */
import assert from "node:assert/strict";
import { evalModules, type EvalModulesArgs, type Evaluation } from "./eval-modules.ts";
import { jsLib } from "./js-lib.ts";
import { lazyFromJS, POSITIONS, toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import type { Span } from "../diagnostics/location.ts";

export { errorOf } from "../diagnostics/error-of.ts";

export const lib = jsLib;
export const { types, mkOption, mkIf, mkMerge, mkForce, mkDefault, mkOverride, mkBefore, mkAfter, mkOrder, lazy } = jsLib;

/** Evaluates JavaScript modules (objects or functions of the module arguments). */
export function evalJs(modules: readonly unknown[], args: Omit<EvalModulesArgs, "modules"> = {}): Evaluation {
  return evalModules({ ...args, modules: modules.map(lazyFromJS) });
}

/** The configuration of some modules, as JavaScript values. */
export function configOf(...modules: unknown[]): any {
  return toJS(evalJs(modules).config);
}

/** The value of option `a` of `type`, each definition given by its own module (in module order). */
export function optionValue(type: unknown, ...defs: unknown[]): any {
  return configOf(declare({ a: mkOption({ type }) }), ...defs.map((a) => ({ a }))).a;
}

/** A module declaring options (full form). */
export function declare(options: Record<string, unknown>, file?: string): Record<string, unknown> {
  return file === undefined ? { options } : { _file: file, options };
}

/** The Nix value at a path of an attribute set (forcing only that path). */
export function valueAt(set: Value, path: readonly string[]): Value {
  let v: Value = set;
  for (const name of path) {
    assert.ok(v instanceof NixAttrs, `expected a set at ${name}`);
    const next = v.lazy(name);
    assert.ok(next !== undefined, `missing attribute ${name}`);
    v = force(next as Lazy);
  }
  return v;
}

/** Marks the keys of an object literal as written at the given lines of `file`. */
export function at<T extends object>(file: string, lines: Record<string, number>, obj: T): T {
  const pos = new Map<string, Span>(Object.entries(lines).map(([k, line]) => [k, { file, line, column: 3 }]));
  Object.defineProperty(obj, POSITIONS, { value: pos, enumerable: false });
  return obj;
}

/** A deterministic pseudo-random generator (mulberry32) for property tests. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
