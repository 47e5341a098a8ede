/**
 * String context builtins. A context element is a store path ("/nix/store/…",
 * a constant such as a copied file), "=/nix/store/….drv" (the derivation
 * and its whole closure, from `drvPath`), or "!out!/nix/store/….drv" (one
 * output of a derivation, from interpolating it). `getContext` shows them
 * as `{ path = true; }`, `{ allOutputs = true; }` and `{ outputs = [ … ]; }`;
 * `appendContext` takes the same shape back.
 */
import { mkString } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import { NixAttrs, type Lazy, type Value } from "../value.ts";
import type { BuiltinContext } from "./builtin-context.ts";
import { argFrame, coerceString, forceAttrs, forceBool, forceList, forceString, forceStringNoCtx, primop } from "./primop.ts";

interface PathInfo {
  path: boolean;
  allOutputs: boolean;
  outputs: string[];
}

export function getContext(context: ReadonlySet<string>): NixAttrs {
  const info = new Map<string, PathInfo>();
  const entry = (p: string): PathInfo => {
    let i = info.get(p);
    if (i === undefined) info.set(p, (i = { path: false, allOutputs: false, outputs: [] }));
    return i;
  };
  for (const c of context) {
    if (c.startsWith("=")) entry(c.slice(1)).allOutputs = true;
    else if (c.startsWith("!")) {
      const bang = c.indexOf("!", 1);
      entry(c.slice(bang + 1)).outputs.push(c.slice(1, bang));
    } else entry(c).path = true;
  }
  const map = new Map<string, Lazy>();
  for (const [p, i] of info) {
    const fields: Record<string, Lazy> = {};
    if (i.path) fields.path = true;
    if (i.allOutputs) fields.allOutputs = true;
    if (i.outputs.length > 0) fields.outputs = i.outputs.sort();
    map.set(p, NixAttrs.from(fields));
  }
  return new NixAttrs(map);
}

function appendContext(ctx: BuiltinContext, s: Lazy, extra: Lazy): Value {
  const str = forceString(s, argFrame(0, "appendContext"));
  const out = new Set(str.context);
  const set = forceAttrs(extra, argFrame(1, "appendContext"));
  for (const path of set.keys()) {
    if (!ctx.store.isInStore(path)) throw new EvalError(`context key '${path}' is not a store path`);
    const info = forceAttrs(set.lazy(path) as Lazy, "while evaluating the value of a string context");
    const flag = (name: string) => {
      const v = info.lazy(name);
      return v !== undefined && forceBool(v, `while evaluating the \`${name}\` attribute of a string context`);
    };
    if (flag("path")) out.add(path);
    if (flag("allOutputs")) {
      if (!path.endsWith(".drv")) throw new EvalError(`tried to add all-outputs context of ${path}, which is not a derivation, to a string`);
      out.add(`=${path}`);
    }
    const outputs = info.lazy("outputs");
    if (outputs !== undefined) {
      const names = forceList(outputs, "while evaluating the `outputs` attribute of a string context");
      if (names.length > 0 && !path.endsWith(".drv")) throw new EvalError(`tried to add derivation output context of ${path}, which is not a derivation, to a string`);
      for (const n of names) out.add(`!${forceStringNoCtx(n, "while evaluating an output name within a string context")}!${path}`);
    }
  }
  return mkString(str.text, out);
}

export function contextBuiltins(ctx: BuiltinContext): Record<string, Value> {
  const coerced = (v: Lazy, name: string) => coerceString(ctx, v, argFrame(0, name), { coerceMore: false, copyToStore: false });
  return {
    hasContext: primop("hasContext", 1, (s) => forceString(s, argFrame(0, "hasContext")).context.size > 0),
    getContext: primop("getContext", 1, (s) => getContext(forceString(s, argFrame(0, "getContext")).context)),
    appendContext: primop("appendContext", 2, (s, c) => appendContext(ctx, s, c)),
    unsafeDiscardStringContext: primop("unsafeDiscardStringContext", 1, (s) => coerced(s, "unsafeDiscardStringContext").text),
    unsafeDiscardOutputDependency: primop("unsafeDiscardOutputDependency", 1, (s) => {
      const c = coerced(s, "unsafeDiscardOutputDependency");
      return mkString(c.text, new Set([...c.context].map((e) => (e.startsWith("=") ? e.slice(1) : e))));
    }),
    addDrvOutputDependencies: primop("addDrvOutputDependencies", 1, (s) => {
      const c = coerced(s, "addDrvOutputDependencies");
      if (c.context.size !== 1) throw new EvalError(`context of string '${c.text}' must have exactly one element, but has ${c.context.size}`);
      const [e] = c.context as Set<string>;
      if (e === undefined || e.startsWith("!")) {
        const output = e === undefined ? c.text : e.slice(1, e.indexOf("!", 1));
        throw new EvalError(`\`addDrvOutputDependencies\` can only act on derivations, not on a derivation output such as '${output}'`);
      }
      if (e.startsWith("=")) return mkString(c.text, c.context);
      if (!e.endsWith(".drv")) throw new EvalError(`path '${e}' is not a derivation`);
      return mkString(c.text, new Set([`=${e}`]));
    }),
  };
}
