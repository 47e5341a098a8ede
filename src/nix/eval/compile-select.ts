/**
 * Attribute names and what reads them: selection (`e.a.b or d`), `?`, and
 * the names of set literals (a dynamic one must be a string without
 * context, or null to skip the attribute).
 */
import type { Span } from "../../diagnostics/location.ts";
import type { AttrName, EHasAttr, ESelect } from "../ast.ts";
import { force, isString, NixAttrs, NixString, stringText, type Value } from "../value.ts";
import { compile, type Code } from "./compile.ts";
import type { Env } from "./env.ts";
import { addFrame, evalError, typeMismatch } from "./fail.ts";
import type { EvalState } from "./state.ts";
import { didYouMean } from "./suggest.ts";
import { missingOutputHint } from "./missing-output.ts";

/** An attribute name from a dynamic component: a string without context (or null to skip). */
export function attrNameOf(v: Value, span: Span): string | null {
  if (v === null) return null;
  if (!isString(v)) throw typeMismatch("a string", v, span);
  if (v instanceof NixString && v.context.size > 0) {
    throw evalError(`the string '${v.s}' is not allowed to refer to a store path (such as '${[...v.context][0]}')`, span);
  }
  return stringText(v);
}

export type NameCode = (env: Env) => string | null;

export function compileName(a: AttrName, st: EvalState): NameCode {
  if ("name" in a) {
    const n = a.name;
    return () => n;
  }
  const code = compile(a.dyn, st);
  return (env) => attrNameOf(code(env), a.span);
}

/** A selected name computed by `${e}` is placed, when it is not a string, at `e` (as Nix does; a set literal's at the `${`). */
function innerSpan(a: AttrName): AttrName {
  return "dyn" in a ? { dyn: a.dyn, span: a.dyn.span } : a;
}

export function missing(name: string, set: NixAttrs, span: Span): Error {
  const output = missingOutputHint(name, set);
  const hint = output === "" ? didYouMean(name, set.keys()) : output;
  return evalError(`attribute '${name}' missing${hint === "" ? "" : `\n${hint}`}`, span);
}

export function compileSelect(e: ESelect, st: EvalState): Code {
  const target = compile(e.target, st);
  const path = e.path.map((a) => compileName(innerSpan(a), st));
  const fallback = e.fallback === undefined ? undefined : compile(e.fallback, st);
  const { span } = e;
  const shown = (env: Env, upTo: number) => path.slice(0, upTo + 1).map((p) => p(env)).join(".");
  return (env) => {
    let v = target(env);
    for (let i = 0; i < path.length; i++) {
      const name = (path[i] as NameCode)(env);
      if (!(v instanceof NixAttrs)) {
        if (fallback !== undefined) return fallback(env);
        throw addFrame(typeMismatch("a set", v, span), "while selecting an attribute");
      }
      const next = name === null ? undefined : v.lazyAt(name, span);
      if (next === undefined) {
        if (fallback !== undefined) return fallback(env);
        throw missing(String(name), v, span);
      }
      try {
        v = force(next);
      } catch (err) {
        throw addFrame(err, `while evaluating the attribute '${shown(env, i)}'`);
      }
    }
    return v;
  };
}

export function compileHas(e: EHasAttr, st: EvalState): Code {
  const target = compile(e.target, st);
  const path = e.path.map((a) => compileName(innerSpan(a), st));
  return (env) => {
    let v = target(env);
    for (let i = 0; i < path.length; i++) {
      if (!(v instanceof NixAttrs)) return false;
      const name = (path[i] as NameCode)(env);
      const next = name === null ? undefined : v.lazy(name);
      if (next === undefined) return false;
      if (i < path.length - 1) v = force(next);
    }
    return true;
  };
}
