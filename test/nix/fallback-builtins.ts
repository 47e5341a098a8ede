/**
 * A tiny stand-in for createBuiltins, used only by these tests while the
 * real builtins (src/nix/builtins/index.ts) are not importable: enough to
 * exercise the language (import, toString, throw, abort, map, length, …).
 */
import type { BuiltinContext } from "../../src/nix/builtins/builtin-context.ts";
import { coerceToString, mkString } from "../../src/nix/coerce.ts";
import { CatchableError, EvalError } from "../../src/nix/errors.ts";
import { force, NixAttrs, NixFunction, NixPath, stringText, typeOf, type Lazy, type Value } from "../../src/nix/value.ts";

function fn(name: string, arity: number, impl: (...args: Lazy[]) => Value): NixFunction {
  const curry = (got: Lazy[]): NixFunction =>
    new NixFunction((a) => (got.length + 1 === arity ? impl(...got, a) : curry([...got, a])), undefined, `builtins.${name}`);
  return curry([]);
}

function pathOf(v: Lazy): string {
  const x = force(v);
  if (x instanceof NixPath) return x.path;
  if (typeof x === "string") return x;
  throw new EvalError("expected a path");
}

export function fallbackBuiltins(ctx: BuiltinContext): NixAttrs {
  const map = new Map<string, Lazy>(Object.entries({
    import: fn("import", 1, (p) => ctx.importPath(pathOf(p))),
    scopedImport: fn("scopedImport", 2, (s, p) => ctx.scopedImport(force(s), pathOf(p))),
    toString: fn("toString", 1, (v) => {
      const c = coerceToString(v, { coerceMore: true, copyToStore: false }, ctx.copyToStore);
      return mkString(c.text, c.context);
    }),
    throw: fn("throw", 1, (m) => {
      throw new CatchableError(stringText(force(m) as string));
    }),
    abort: fn("abort", 1, (m) => {
      throw new EvalError(`evaluation aborted with the following error message: '${stringText(force(m) as string)}'`);
    }),
    map: fn("map", 2, (f, l) => (force(l) as Lazy[]).map((x) => (force(f) as NixFunction).call(x))),
    length: fn("length", 1, (l) => BigInt((force(l) as Lazy[]).length)),
    typeOf: fn("typeOf", 1, (v) => typeOf(force(v))),
    isNull: fn("isNull", 1, (v) => force(v) === null),
    attrNames: fn("attrNames", 1, (s) => (force(s) as NixAttrs).keys()),
    seq: fn("seq", 2, (a, b) => (force(a), force(b))),
    tryEval: fn("tryEval", 1, (v) => {
      try {
        return NixAttrs.from({ success: true, value: force(v) });
      } catch (e) {
        if (e instanceof CatchableError) return NixAttrs.from({ success: false, value: false });
        throw e;
      }
    }),
    head: fn("head", 1, (l) => force((force(l) as Lazy[])[0] as Lazy)),
    functionArgs: fn("functionArgs", 1, (f) => {
      const names = (force(f) as NixFunction).formals?.names ?? new Map<string, boolean>();
      return new NixAttrs(new Map([...names].map(([k, d]) => [k, d])));
    }),
    true: true,
    false: false,
    null: null,
  }));
  const b = new NixAttrs(map);
  map.set("builtins", b);
  return b;
}
