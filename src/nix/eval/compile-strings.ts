/**
 * String interpolation and path literals. `"a${b}"` coerces every part to
 * a string (paths are copied to the store, contexts are united); a path
 * with interpolation (`./a/${b}.nix`) appends the parts' text to the path
 * and canonicalises it, refusing store references; `~/x` needs HOME and
 * impure mode. (`<p>` is parsed as the call `__findFile __nixPath "p"`.)
 */
import type { Span } from "../../diagnostics/location.ts";
import type { EConcat, EPath } from "../ast.ts";
import { canonPath } from "../canon-path.ts";
import { concatBytes } from "../byte-string.ts";
import { coerceToString, mkString } from "../coerce.ts";
import { NixPath } from "../value.ts";
import { compile, type Code } from "./compile.ts";
import { startOf } from "./compile-ops.ts";
import { evalError } from "./fail.ts";
import { locate } from "./locate.ts";
import type { EvalState } from "./state.ts";

const STRING = { coerceMore: false, copyToStore: true } as const;
const PATH_PART = { coerceMore: false, copyToStore: false } as const;

/** `"a${b}c"` (every part coerced, paths copied to the store) or `./a/${b}` (a path). */
export function compileConcat(e: EConcat, st: EvalState): Code {
  const parts = e.parts.map((p) => compile(p, st));
  const spans = e.parts.map(startOf);
  const span = e.span;
  if (e.isPath) {
    const [first, ...rest] = parts as [Code, ...Code[]];
    return (env) => {
      try {
        const base = first(env);
        let text = base instanceof NixPath ? base.path : String(base);
        for (const p of rest) {
          const c = coerceToString(p(env), PATH_PART, st.copyToStore);
          if (c.context.size > 0) throw evalError("a string that refers to a store path cannot be appended to a path", span);
          text += c.text;
        }
        return new NixPath(canonPath(text));
      } catch (err) {
        throw locate(err, span);
      }
    };
  }
  return (env) => {
    let text = "";
    let context: Set<string> | undefined;
    for (let i = 0; i < parts.length; i++) {
      let c;
      try {
        c = coerceToString((parts[i] as Code)(env), STRING, st.copyToStore);
      } catch (err) {
        throw locate(err, spans[i] as Span);
      }
      text = concatBytes(text, c.text);
      if (c.context.size > 0) {
        context ??= new Set();
        for (const x of c.context) context.add(x);
      }
    }
    return context === undefined ? text : mkString(text, context);
  };
}

/** Path literals: plain ones are constants; `~/x` needs HOME (not in pure mode). */
export function compilePath(e: EPath, st: EvalState): Code {
  const span = e.span;
  if (e.style === "plain") {
    const p = new NixPath(e.path);
    return () => p;
  }
  return () => {
    if (st.pure) throw evalError(`the path '~${e.path}' can not be resolved in pure mode`, span);
    const home = st.io.getEnv("HOME") ?? "/";
    return e.path.endsWith("/") ? new NixPath(canonPath(home + e.path) + "/") : new NixPath(canonPath(home + e.path));
  };
}
