/**
 * Attribute sets: set literals (plain and `rec`), `let`, selection
 * (`e.a.b or d`) and `?`. Static names are thunks in the right scope
 * (`inherit x` from the enclosing one; `inherit (s) …` evaluates `s` once);
 * dynamic names are forced when the literal is evaluated, must be strings
 * without context, and `null` skips the attribute.
 */
import type { Span } from "../../diagnostics/location.ts";
import type { AttrName, Bindings, EAttrs, EHasAttr, ELet, ESelect } from "../ast.ts";
import { showSpan } from "../../diagnostics/location.ts";
import { Layout, sortOrder } from "../attrs-layout.ts";
import { force, isString, NixAttrs, NixString, stringText, Thunk, type Lazy, type Value } from "../value.ts";
import { compile, compileLazy, type Code, type LazyCode } from "./compile.ts";
import { newEnv, type Env } from "./env.ts";
import { addFrame, evalError, typeMismatch } from "./fail.ts";
import type { EvalState } from "./state.ts";
import { didYouMean } from "./suggest.ts";

/** An attribute name from a dynamic component: a string without context (or null to skip). */
export function attrNameOf(v: Value, span: Span): string | null {
  if (v === null) return null;
  if (!isString(v)) throw typeMismatch("a string", v, span);
  if (v instanceof NixString && v.context.size > 0) {
    throw evalError(`the string '${v.s}' is not allowed to refer to a store path (such as '${[...v.context][0]}')`, span);
  }
  return stringText(v);
}

type NameCode = (env: Env) => string | null;

function compileName(a: AttrName, st: EvalState): NameCode {
  if ("name" in a) {
    const n = a.name;
    return () => n;
  }
  const code = compile(a.dyn, st);
  return (env) => attrNameOf(code(env), a.span);
}

function missing(name: string, set: NixAttrs, span: Span): Error {
  const hint = didYouMean(name, set.keys());
  return evalError(`attribute '${name}' missing${hint === "" ? "" : `\n${hint}`}`, span);
}

/** Selects `name` from a set for `inherit (s) name`. */
function inheritFrom(source: Lazy, name: string, span: Span): Thunk {
  return new Thunk(() => {
    const s = force(source);
    if (!(s instanceof NixAttrs)) throw typeMismatch("a set", s, span);
    const v = s.lazy(name);
    if (v === undefined) throw missing(name, s, span);
    return force(v);
  });
}

/** The `inherit (e)` sources of a binding group that has none. */
const NO_FROMS: Lazy[] = [];

interface CompiledBindings {
  /** Builds the static values into `target` (slots or map), given the scopes. */
  readonly statics: ((inner: Env, outer: Env, froms: Lazy[]) => Lazy)[];
  readonly names: string[];
  readonly froms: LazyCode[];
  readonly dynamic: { name: NameCode; value: LazyCode; span: Span }[];
  readonly pos: ReadonlyMap<string, Span>;
}

function compileBindings(b: Bindings, st: EvalState, recursive: boolean): CompiledBindings {
  const names: string[] = [];
  const statics: CompiledBindings["statics"] = [];
  const pos = new Map<string, Span>();
  for (const [name, attr] of b.attrs) {
    names.push(name);
    pos.set(name, attr.span);
    const v = attr.value;
    if (v.kind === "plain") {
      const e = v.value;
      if (recursive && e.kind === "var" && e.resolution?.kind === "local" && e.resolution.level === 0) {
        // A sibling's slot may not be filled yet: defer the lookup.
        const code = compile(e, st);
        statics.push((inner) => Thunk.deferred(code, inner));
        continue;
      }
      const code = compileLazy(e, st);
      statics.push((inner) => code(inner));
    } else if (v.kind === "inherit") {
      const code = compileLazy(v.value, st);
      statics.push((_inner, outer) => code(outer));
    } else {
      const { from } = v;
      const span = attr.span;
      statics.push((_i, _o, froms) => inheritFrom(froms[from] as Lazy, name, span));
    }
  }
  const froms = b.inheritFrom.map((e) => compileLazy(e, st));
  const dynamic = b.dynamic.map((d) => ({ name: compileName({ dyn: d.name, span: d.span }, st), value: compileLazy(d.value, st), span: d.span }));
  return { statics, names, froms, dynamic, pos };
}

function addDynamic(cb: CompiledBindings, env: Env, map: Map<string, Lazy>, pos: Map<string, Span>): void {
  for (const d of cb.dynamic) {
    const name = d.name(env);
    if (name === null) continue;
    const prev = pos.get(name);
    if (map.has(name)) throw evalError(`dynamic attribute '${name}' already defined at ${prev === undefined ? "?" : showSpan(prev)}`, d.span);
    map.set(name, d.value(env));
    pos.set(name, d.span);
  }
}

/**
 * A literal's static names in Nix's order, and for each binding (in source
 * order) where its value goes: every set the literal makes shares the layout.
 */
function staticLayout(cb: CompiledBindings): { layout: Layout; at: number[] } {
  const order = sortOrder(cb.names);
  const at = new Array<number>(order.length);
  order.forEach((src, k) => (at[src] = k));
  const names = order.map((i) => cb.names[i] as string);
  return { layout: new Layout(names, names.map((n) => cb.pos.get(n))), at };
}

export function compileAttrs(e: EAttrs, st: EvalState): Code {
  const cb = compileBindings(e.bindings, st, e.recursive);
  const { statics, names, froms } = cb;
  const n = names.length;
  const hasDynamic = cb.dynamic.length > 0;
  const { layout, at } = staticLayout(cb);
  /** The set of the static values (in source order, from `values[skip]` on) and the dynamic ones. */
  const finish = (env: Env, values: (Lazy | Env | undefined)[], skip: number): NixAttrs => {
    if (!hasDynamic) {
      const sorted = new Array<Lazy>(n);
      for (let i = 0; i < n; i++) sorted[at[i] as number] = values[i + skip] as Lazy;
      return NixAttrs.fromLayout(layout, sorted);
    }
    const map = new Map<string, Lazy>();
    for (let i = 0; i < n; i++) map.set(names[i] as string, values[i + skip] as Lazy);
    const pos = new Map(cb.pos);
    addDynamic(cb, env, map, pos);
    return new NixAttrs(map, pos);
  };
  if (!e.recursive) {
    if (!hasDynamic) {
      return (env) => {
        const fromVals = froms.length === 0 ? NO_FROMS : froms.map((f) => f(env));
        const sorted = new Array<Lazy>(n);
        for (let i = 0; i < n; i++) sorted[at[i] as number] = (statics[i] as CompiledBindings["statics"][0])(env, env, fromVals);
        return NixAttrs.fromLayout(layout, sorted);
      };
    }
    return (env) => {
      const fromVals = froms.length === 0 ? NO_FROMS : froms.map((f) => f(env));
      const values = new Array<Lazy>(n);
      for (let i = 0; i < n; i++) values[i] = (statics[i] as CompiledBindings["statics"][0])(env, env, fromVals);
      return finish(env, values, 0);
    };
  }
  return (env) => {
    const inner = newEnv(n, env);
    const fromVals = froms.length === 0 ? NO_FROMS : froms.map((f) => f(inner));
    for (let i = 0; i < n; i++) inner[i + 1] = (statics[i] as CompiledBindings["statics"][0])(inner, env, fromVals);
    return finish(inner, inner, 1);
  };
}

export function compileLet(e: ELet, st: EvalState): Code {
  const { statics, names, froms } = compileBindings(e.bindings, st, true);
  const body = compile(e.body, st);
  const n = names.length;
  return (env) => {
    const inner = newEnv(n, env);
    const fromVals = froms.length === 0 ? NO_FROMS : froms.map((f) => f(inner));
    for (let i = 0; i < n; i++) inner[i + 1] = (statics[i] as CompiledBindings["statics"][0])(inner, env, fromVals);
    return body(inner);
  };
}

export function compileSelect(e: ESelect, st: EvalState): Code {
  const target = compile(e.target, st);
  const path = e.path.map((a) => compileName(a, st));
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
      const next = name === null ? undefined : v.lazy(name);
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
  const path = e.path.map((a) => compileName(a, st));
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
