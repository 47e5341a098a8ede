/**
 * Adding `a.b.c = v;` to a binding group, merging attribute paths at parse
 * time as C++ Nix's ParserState::addAttr does: intermediate components
 * create (or reuse) plain set literals; two set literals bound to the same
 * name merge, the first one's `rec`-ness winning; anything else bound twice
 * is "attribute 'a.b' already defined at …". Dynamic components always
 * create fresh sets.
 */
import { showSpan, type Span } from "../../diagnostics/location.ts";
import type { AttrName, Bindings, EAttrs, Expr, StaticAttr } from "../ast.ts";

export function emptyBindings(): Bindings {
  return { attrs: new Map(), dynamic: [], inheritFrom: [] };
}

export interface BindError {
  readonly message: string;
  readonly span: Span;
}

function showPath(path: readonly AttrName[], upTo: number): string {
  return path
    .slice(0, upTo + 1)
    .map((a) => ("name" in a ? a.name : '"${..}"'))
    .join(".");
}

/** Adds `path = value` to `b`; returns an error instead of throwing. */
export function addAttr(b: Bindings, path: readonly AttrName[], value: Expr, span: Span): BindError | undefined {
  let cur = b;
  for (let i = 0; i < path.length - 1; i++) {
    const a = path[i] as AttrName;
    if ("name" in a) {
      const existing = cur.attrs.get(a.name);
      if (existing !== undefined) {
        const v = existing.value;
        if (v.kind === "plain" && v.value.kind === "attrs") {
          cur = v.value.bindings;
          continue;
        }
        return alreadyDefined(path, i, existing, span);
      }
      const nested: EAttrs = { kind: "attrs", recursive: false, bindings: emptyBindings(), span };
      cur.attrs.set(a.name, { value: { kind: "plain", value: nested }, span });
      cur = nested.bindings;
    } else {
      const nested: EAttrs = { kind: "attrs", recursive: false, bindings: emptyBindings(), span: a.span };
      cur.dynamic.push({ name: a.dyn, value: nested, span: a.span });
      cur = nested.bindings;
    }
  }
  const last = path[path.length - 1] as AttrName;
  if (!("name" in last)) {
    cur.dynamic.push({ name: last.dyn, value, span: last.span });
    return undefined;
  }
  const existing = cur.attrs.get(last.name);
  if (existing === undefined) {
    if (value.kind === "lambda" && value.name === undefined) value.name = last.name;
    cur.attrs.set(last.name, { value: { kind: "plain", value }, span });
    return undefined;
  }
  const ev = existing.value;
  if (value.kind === "attrs" && ev.kind === "plain" && ev.value.kind === "attrs") {
    return mergeInto(ev.value.bindings, value.bindings, path);
  }
  return alreadyDefined(path, path.length - 1, existing, span);
}

function alreadyDefined(path: readonly AttrName[], i: number, existing: StaticAttr, at: Span): BindError {
  return { message: `attribute '${showPath(path, i)}' already defined at ${showSpan(existing.span)}`, span: at };
}

/** Merges the attributes of a second set literal into the first (`a = { x = 1; }; a = { y = 2; };`). */
function mergeInto(target: Bindings, source: Bindings, prefix: readonly AttrName[]): BindError | undefined {
  const offset = target.inheritFrom.length;
  target.inheritFrom.push(...source.inheritFrom);
  for (const [name, attr] of source.attrs) {
    const v = attr.value;
    if (v.kind === "plain") {
      const err = addAttr(target, [{ name, span: attr.span }], v.value, attr.span);
      if (err !== undefined) return { message: err.message.replace(/^attribute '/, `attribute '${showPath(prefix, prefix.length - 1)}.`), span: err.span };
      continue;
    }
    const existing = target.attrs.get(name);
    if (existing !== undefined) return alreadyDefined([...prefix, { name, span: attr.span }], prefix.length, existing, attr.span);
    target.attrs.set(name, v.kind === "inheritFrom" ? { value: { ...v, from: v.from + offset }, span: attr.span } : attr);
  }
  target.dynamic.push(...source.dynamic);
  return undefined;
}
