/**
 * `builtins.parseFlakeRef "github:o/r/ref?dir=d"` gives a reference's
 * attributes (as a lock records them); `builtins.flakeRefToString attrs`
 * the URL again, as Nix prints it. Both use the language's own flake
 * reference parser (../flake-ref/); its complaints become evaluation
 * errors, placed at the call.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { EvalError } from "../errors.ts";
import { parseFlakeRef } from "../flake-ref/flake-ref.ts";
import { refFromAttrs, refToAttrs, type RefAttrs } from "../flake-ref/flake-ref-attrs.ts";
import { showFlakeRef } from "../flake-ref/show-flake-ref.ts";
import { showType } from "../show-type.ts";
import { force, isString, NixAttrs, stringText, type Value } from "../value.ts";
import { argFrame, forceAttrs, forceStringNoCtx, primop } from "./primop.ts";

function asEvalError<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof UserError && !(e instanceof EvalError)) throw new EvalError(e.message);
    throw e;
  }
}

function refAttrs(set: NixAttrs): RefAttrs {
  const out: Record<string, string | number | boolean> = {};
  for (const name of set.keys()) {
    const v = force(set.lazy(name) as Value);
    if (isString(v)) out[name] = stringText(v);
    else if (typeof v === "bigint") out[name] = Number(v);
    else if (typeof v === "boolean") out[name] = v;
    else throw new EvalError(`flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '${name}' is ${showType(v)}`);
  }
  return out;
}

export function flakeRefBuiltins(): Record<string, Value> {
  return {
    parseFlakeRef: primop("parseFlakeRef", 1, (s) => {
      const url = forceStringNoCtx(s, argFrame(0, "parseFlakeRef"));
      const attrs = asEvalError(() => refToAttrs(parseFlakeRef(url)));
      return NixAttrs.from(Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === "number" ? BigInt(v) : v])));
    }),
    flakeRefToString: primop("flakeRefToString", 1, (a) => {
      const attrs = refAttrs(forceAttrs(a, argFrame(0, "flakeRefToString")));
      return asEvalError(() => showFlakeRef(refFromAttrs(attrs, "flake reference")));
    }),
  };
}
