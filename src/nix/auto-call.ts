/**
 * What `nix-instantiate --eval` does with its result before printing it:
 * `-A path` selects along an attribute path (a number indexes a list),
 * calling any function on the way with the automatic arguments (`--arg`,
 * `--argstr`), and the selected value is called with them too. A function
 * with formals gets the arguments it names (all of them when it has `...`);
 * one whose formal has no default and no argument is an error; any other
 * value is left as it is. Wording as Nix's autoCallFunction and
 * findAlongAttrPath.
 */
import { EvalError } from "./errors.ts";
import { didYouMean } from "./eval/suggest.ts";
import { showType } from "./show-type.ts";
import { force, NixAttrs, NixFunction, type Lazy, type Value } from "./value.ts";
import { callFunction } from "./builtins/primop.ts";

/** Calls `fun` with the automatic arguments it takes, as Nix's autoCallFunction; a value that is not such a function as it is. */
export function autoCallFunction(args: NixAttrs, fun: Lazy): Value {
  const f = force(fun);
  if (f instanceof NixAttrs && f.has("__functor")) return autoCallFunction(args, callFunction(force(f.lazy("__functor") as Lazy), f));
  if (!(f instanceof NixFunction) || f.formals === undefined) return f;
  const { names, ellipsis } = f.formals;
  if (ellipsis) return f.call(args);
  const given = new Map<string, Lazy>();
  for (const [name, hasDefault] of names) {
    const v = args.lazy(name);
    if (v !== undefined) given.set(name, v);
    else if (!hasDefault) throw new EvalError(missingArgument(name));
  }
  return f.call(new NixAttrs(given));
}

function missingArgument(name: string): string {
  return `cannot evaluate a function that has an argument without a value ('${name}')
Nix attempted to evaluate a function as a top level expression; in
this case it must have its arguments supplied either by default
values, or passed explicitly with '--arg' or '--argstr'. See
https://nix.dev/manual/nix/stable/language/syntax.html#functions.`;
}

/** An `-A` path's components: split on `.`, a "quoted" part kept whole. */
export function parseAttrPath(path: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (c === ".") {
      out.push(cur);
      cur = "";
    } else if (c === '"') {
      const end = path.indexOf('"', i + 1);
      if (end < 0) throw new EvalError(`missing closing quote in selection path '${path}'`);
      cur += path.slice(i + 1, end);
      i = end;
    } else cur += c;
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** The value `-A path` selects in `root`, functions on the way called with the automatic arguments. */
export function findAlongAttrPath(path: string, args: NixAttrs, root: Lazy): Lazy {
  let v: Lazy = root;
  for (const attr of parseAttrPath(path)) {
    const at = autoCallFunction(args, v);
    if (/^[0-9]+$/.test(attr)) {
      if (!Array.isArray(at)) throw new EvalError(`the expression selected by the selection path '${path}' should be a list but is ${showType(at)}`);
      const item = at[Number(attr)];
      if (item === undefined) throw new EvalError(`list index ${attr} in selection path '${path}' is out of range`);
      v = item;
      continue;
    }
    if (!(at instanceof NixAttrs)) throw new EvalError(`the expression selected by the selection path '${path}' should be a set but is ${showType(at)}`);
    if (attr === "") throw new EvalError(`empty attribute name in selection path '${path}'`);
    const next = at.lazy(attr);
    if (next === undefined) {
      const hint = didYouMean(attr, at.keys());
      throw new EvalError(`attribute '${attr}' in selection path '${path}' not found${hint === "" ? "" : `\n${hint}`}`);
    }
    v = next;
  }
  return v;
}
