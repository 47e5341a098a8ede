/**
 * A `nix-instantiate` for nixpkgs' lib/tests/modules.sh, bundled and put
 * first on PATH by nixpkgs-lib-modules-ours.test.ts: it evaluates `-E
 * EXPR` or a file with our evaluator, selects `-A PATH`, forces the result
 * and prints it as JSON (what modules.sh's checks read), or prints the
 * error as our CLI does (one handler, colours only on a terminal) and exits 1. `builtins.__ourLib` is our lib
 * (src/lib), which the copied test tree's lib/default.nix returns.
 * `--option abort-on-warn true` (modules.sh's ABORT_ON_WARN=1) makes the
 * first warning the error; the other nix-instantiate flags modules.sh
 * passes need nothing here.
 */
import { resolve } from "node:path";
import { createEvaluator, forceDeep, printJSON, toJSONValue } from "../../src/nix/evaluate.ts";
import { createBuiltins } from "../../src/nix/builtins/index.ts";
import { nixLib } from "../../src/lib/index.ts";
import { force, guardStack, NixAttrs, Thunk, type Lazy, type Value } from "../../src/nix/value.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { handleCliError } from "../../src/cli/render-error.ts";

const args = process.argv.slice(2);
let expr: string | undefined;
let attrPath: string | undefined;
let file: string | undefined;
let abortOnWarn = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === "-E") expr = args[++i];
  else if (a === "-A") attrPath = args[++i];
  else if (a === "--timeout") i++;
  else if (a === "--option") {
    abortOnWarn ||= args[i + 1] === "abort-on-warn" && args[i + 2] === "true";
    i += 2;
  } else if (!a.startsWith("-")) file = a;
}

const warn = (m: string): void => {
  process.stderr.write(`evaluation warning: ${m}\n`);
  if (abortOnWarn) throw new UserError(m);
};
const trace = (m: string): void => void process.stderr.write(`trace: ${m}\n`);
let lib: Value | undefined;
const evaluator = createEvaluator({
  pure: false,
  warn,
  trace,
  createBuiltins: (ctx) => {
    const builtins = new Map<string, Lazy>(createBuiltins(ctx).map);
    builtins.set("__ourLib", new Thunk(() => (lib ??= nixLib({ ...evaluator.state, importPath: (p: string) => evaluator.importPath(p), warn, trace }))));
    return new NixAttrs(builtins);
  },
});

/** `a.b."c.d"` as its names. */
function attrNames(path: string): string[] {
  return (path.match(/"[^"]*"|[^.]+/g) ?? []).map((k) => k.replace(/^"(.*)"$/, "$1"));
}

try {
  const json = guardStack(() => {
    let v: Value = expr !== undefined ? evaluator.evalSource(expr, "«string»", process.cwd()) : evaluator.importPath(resolve(file ?? "."));
    for (const name of attrNames(attrPath ?? "")) {
      v = force(v);
      const next = v instanceof NixAttrs ? v.lazy(name) : undefined;
      if (next === undefined) throw new UserError(`attribute '${name}' in selection path '${attrPath}' not found`);
      v = force(next);
    }
    return printJSON(toJSONValue(forceDeep(v), evaluator.state.copyToStore));
  });
  process.stdout.write(`${json}\n`);
} catch (e) {
  process.exit(handleCliError(e, (text) => void process.stderr.write(text)));
}
