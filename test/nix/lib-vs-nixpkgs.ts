/**
 * Differential checks of our lib against nixpkgs' real lib (a local copy
 * of nixpkgs.lib): each expression `lib: …` is evaluated with both, and
 * the results (deeply forced, as JSON-like data; functions as
 * "<function>"; an error as its message) must be equal, and so must the
 * warnings given on the way (`warnings`). Used by the
 * lib-vs-nixpkgs*.test.ts files, which list the expressions.
 */
import { createEvaluator } from "../../src/nix/evaluate.ts";
import { nixLib } from "../../src/lib/index.ts";
import { force, isString, NixAttrs, NixPath, stringText, Thunk, type Lazy, type Value } from "../../src/nix/value.ts";
import { callFunction } from "../../src/nix/builtins/primop.ts";
import { upstream } from "../helpers/upstream.ts";

const tree = upstream("nixpkgs.lib");
export const skip = "skip" in tree ? tree.skip : undefined;

/** The warnings of the evaluation under way. */
const warned: string[] = [];

let libs: { real: Value; ours: Value; evaluator: ReturnType<typeof createEvaluator> } | undefined;

function both() {
  if (libs !== undefined) return libs;
  const warn = (m: string) => void warned.push(m);
  const evaluator = createEvaluator({ warn, trace: () => {} });
  const real = force(evaluator.importPath(`${"dir" in tree ? tree.dir : ""}/lib`));
  const ours = nixLib({ ...evaluator.state, importPath: (p: string) => evaluator.importPath(p), warn, trace: () => {} });
  return (libs = { real, ours, evaluator });
}

/** A value deeply forced into plain data; errors become `{ error: message }`. */
function data(v: Lazy, depth = 0): unknown {
  let x: Value;
  try {
    x = force(v);
  } catch (e) {
    return { error: (e as Error).message.split("\n")[0] };
  }
  if (depth > 20) return "<deep>";
  if (x === null || typeof x === "boolean" || typeof x === "number") return x;
  if (typeof x === "bigint") return `${x}n`;
  if (isString(x)) return stringText(x);
  if (x instanceof NixPath) return { path: x.path };
  if (Array.isArray(x)) return x.map((e) => data(e, depth + 1));
  if (x instanceof NixAttrs) return Object.fromEntries(x.keys().map((k) => [k, data(x.lazy(k) as Lazy, depth + 1)]));
  return "<function>";
}

/** Evaluates `lib: <expr>` with the real lib and with ours. */
export function compare(expr: string): { real: unknown; ours: unknown } {
  const { real, ours, evaluator } = both();
  const f = evaluator.evalSource(`lib: ${expr}`, "/lib-vs-nixpkgs.nix", "/");
  const run = (lib: Value) => {
    try {
      return data(callFunction(force(f), lib));
    } catch (e) {
      return { error: (e as Error).message.split("\n")[0] };
    }
  };
  return { real: run(real), ours: run(ours) };
}

/** The warnings each lib gives while `lib: <expr>` is evaluated (deeply). */
export function warnings(expr: string): { real: string[]; ours: string[] } {
  const { real, ours, evaluator } = both();
  const f = evaluator.evalSource(`lib: ${expr}`, "/lib-vs-nixpkgs.nix", "/");
  const run = (lib: Value) => {
    warned.length = 0;
    data(new Thunk(() => callFunction(force(f), lib)));
    return [...warned];
  };
  return { real: run(real), ours: run(ours) };
}
