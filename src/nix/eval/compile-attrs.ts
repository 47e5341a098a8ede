/**
 * Binding groups: set literals (plain and `rec`) and `let`. Static names
 * are thunks in the right scope (`inherit x` from the enclosing one;
 * `inherit (s) …` evaluates `s` once); dynamic names are forced when the
 * literal is evaluated, must be strings without context, and `null` skips
 * the attribute. A `rec` literal applies its `__overrides` (rec-overrides.ts).
 */
import type { Span } from "../../diagnostics/location.ts";
import type { Bindings, EAttrs, ELet } from "../ast.ts";
import { showSpan } from "../../diagnostics/location.ts";
import { Layout, sortOrder } from "../attrs-layout.ts";
import { force, NixAttrs, Thunk, type Lazy } from "../value.ts";
import { compile, compileLazy, type Code, type LazyCode } from "./compile.ts";
import { compileName, missing, type NameCode } from "./compile-select.ts";
import { newEnv, type Env } from "./env.ts";
import { evalError, typeMismatch } from "./fail.ts";
import { applyOverrides, OVERRIDES, type AddedAttr } from "./rec-overrides.ts";
import type { EvalState } from "./state.ts";

/** Selects `name` from a set for `inherit (s) name`. */
function inheritFrom(source: Lazy, name: string, span: Span): Thunk {
  return new Thunk(() => {
    const s = force(source);
    if (!(s instanceof NixAttrs)) throw typeMismatch("a set", s, span);
    const v = s.lazyAt(name, span);
    if (v === undefined) throw missing(name, s, span);
    return force(v);
  });
}

/** The `inherit (e)` sources of a binding group that has none. */
const NO_FROMS: Lazy[] = [];

/** Makes one binding's lazy value, given the group's scope, the enclosing one and the `inherit (e)` sources. */
type Static = (inner: Env, outer: Env, froms: Lazy[]) => Lazy;

interface CompiledBindings {
  /** The static values' makers, in source order. */
  readonly statics: Static[];
  readonly names: string[];
  /** The static names' positions, in source order. */
  readonly spans: Span[];
  readonly froms: LazyCode[];
  readonly dynamic: { name: NameCode; value: LazyCode; span: Span }[];
}

/**
 * Compiles a binding group. A plain value's maker is its LazyCode itself
 * (called with the group's scope first; the other arguments go unread), so
 * a binding costs no closure of its own.
 */
function compileBindings(b: Bindings, st: EvalState, recursive: boolean): CompiledBindings {
  const names: string[] = [];
  const spans: Span[] = [];
  const statics: Static[] = [];
  for (const [name, attr] of b.attrs) {
    names.push(name);
    spans.push(attr.span);
    const v = attr.value;
    if (v.kind === "plain") {
      const e = v.value;
      if (recursive && e.kind === "var" && e.resolution?.kind === "local" && e.resolution.level === 0) statics.push(siblingStatic(compile(e, st)));
      else statics.push(compileLazy(e, st));
    } else if (v.kind === "inherit") statics.push(outerStatic(compileLazy(v.value, st)));
    else statics.push(fromStatic(v.from, name, attr.span));
  }
  const froms = b.inheritFrom.map((e) => compileLazy(e, st));
  const dynamic = b.dynamic.map((d) => ({ name: compileName({ dyn: d.name, span: d.span }, st), value: compileLazy(d.value, st), span: d.span }));
  return { statics, names, spans, froms, dynamic };
}

/** A sibling's slot may not be filled yet: the lookup is deferred. */
function siblingStatic(code: Code): Static {
  return (inner) => Thunk.deferred(code, inner);
}

/** `inherit x`: from the enclosing scope. */
function outerStatic(code: LazyCode): Static {
  return (_inner, outer) => code(outer);
}

/** `inherit (s) x`: from the group's source `from`. */
function fromStatic(from: number, name: string, span: Span): Static {
  return (_i, _o, froms) => inheritFrom(froms[from] as Lazy, name, span);
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
  const n = order.length;
  const at = new Array<number>(n);
  const names = new Array<string>(n);
  const spans = new Array<Span>(n);
  for (let k = 0; k < n; k++) {
    const src = order[k] as number;
    at[src] = k;
    names[k] = cb.names[src] as string;
    spans[k] = cb.spans[src] as Span;
  }
  return { layout: new Layout(names, spans), at };
}

/** The `inherit (e)` sources' values in `env`. */
function fromValues(froms: LazyCode[], env: Env): Lazy[] {
  return froms.length === 0 ? NO_FROMS : froms.map((f) => f(env));
}

export function compileAttrs(e: EAttrs, st: EvalState): Code {
  const cb = compileBindings(e.bindings, st, e.recursive);
  if (cb.dynamic.length > 0 || (e.recursive && cb.names.includes(OVERRIDES))) return compileDynamicAttrs(cb, e.recursive);
  const { statics, froms } = cb;
  const n = statics.length;
  const { layout, at } = staticLayout(cb);
  if (!e.recursive) {
    return (env) => {
      const fromVals = fromValues(froms, env);
      const sorted = new Array<Lazy>(n);
      for (let i = 0; i < n; i++) sorted[at[i] as number] = (statics[i] as Static)(env, env, fromVals);
      return NixAttrs.fromLayout(layout, sorted);
    };
  }
  return (env) => {
    const inner = newEnv(n, env);
    const fromVals = fromValues(froms, inner);
    for (let i = 0; i < n; i++) inner[i + 1] = (statics[i] as Static)(inner, env, fromVals);
    const sorted = new Array<Lazy>(n);
    for (let i = 0; i < n; i++) sorted[at[i] as number] = inner[i + 1] as Lazy;
    return NixAttrs.fromLayout(layout, sorted);
  };
}

/** A literal with dynamic names (or a rec one with `__overrides`): a map-backed set of the static values, then the overrides' additions, then the dynamic ones. */
function compileDynamicAttrs(cb: CompiledBindings, recursive: boolean): Code {
  const { statics, names, froms } = cb;
  const n = names.length;
  const finish = (env: Env, values: (Lazy | Env | undefined)[], skip: number, spans: readonly (Span | undefined)[] = cb.spans, added: readonly AddedAttr[] = []): NixAttrs => {
    const map = new Map<string, Lazy>();
    const pos = new Map<string, Span>();
    const put = (name: string, value: Lazy, span: Span | undefined) => {
      map.set(name, value);
      if (span !== undefined) pos.set(name, span);
    };
    for (let i = 0; i < n; i++) put(names[i] as string, values[i + skip] as Lazy, spans[i]);
    for (const a of added) put(a.name, a.value, a.span);
    addDynamic(cb, env, map, pos);
    return new NixAttrs(map, pos);
  };
  if (!recursive) {
    return (env) => {
      const fromVals = fromValues(froms, env);
      const values = new Array<Lazy>(n);
      for (let i = 0; i < n; i++) values[i] = (statics[i] as Static)(env, env, fromVals);
      return finish(env, values, 0);
    };
  }
  const overrides = names.indexOf(OVERRIDES);
  return (env) => {
    const inner = newEnv(n, env);
    const fromVals = fromValues(froms, inner);
    for (let i = 0; i < n; i++) inner[i + 1] = (statics[i] as Static)(inner, env, fromVals);
    if (overrides < 0) return finish(inner, inner, 1);
    const spans: (Span | undefined)[] = [...cb.spans];
    const added = applyOverrides(inner, names, spans, overrides);
    return finish(inner, inner, 1, spans, added);
  };
}

export function compileLet(e: ELet, st: EvalState): Code {
  const { statics, names, froms } = compileBindings(e.bindings, st, true);
  const body = compile(e.body, st);
  const n = names.length;
  return (env) => {
    const inner = newEnv(n, env);
    const fromVals = fromValues(froms, inner);
    for (let i = 0; i < n; i++) inner[i + 1] = (statics[i] as Static)(inner, env, fromVals);
    return body(inner);
  };
}
