/**
 * `system-manager eval`: evaluate a Nix expression (--expr), file (--file)
 * or flake attribute (--flake DIR#attr.path) and print it as `nix eval`
 * does, or as JSON (--json); --strict forces it deeply first. This is also
 * how users inspect a configuration:
 *   system-manager eval --flake .#systemConfigs.default.config.users.users.alice
 */
import { dirname, join, resolve } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Io } from "../io.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, flakeLockOptions, takeOverrides } from "../flake-args.ts";
import { force, NixAttrs, type Value } from "../../nix/value.ts";

const HELP = `Usage: system-manager eval (--expr EXPR | --file FILE | --flake DIR#ATTR.PATH) [--json] [--strict] [--impure] [--root DIR]

Evaluation is pure: it reads only the flake's (or the file's directory's)
files and the store; --impure lets it read any path. A flake's fetched
inputs go into the store under --root (default /).

${FLAKE_INPUT_HELP}`;

/** Splits an attribute path on dots, honouring "quoted" components. */
export function splitAttrPath(path: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^."]+)/g;
  for (const m of path.matchAll(re)) out.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : (m[2] as string));
  return out;
}

export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  const { argv: rest, overrides } = takeOverrides(argv, "eval");
  const { values } = parseCommandArgs("eval", rest, {
    ...FLAKE_INPUT_OPTIONS,
    root: { type: "string", default: "/" },
    expr: { type: "string" },
    file: { type: "string" },
    flake: { type: "string" },
    json: { type: "boolean" },
    strict: { type: "boolean" },
    impure: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const given = [values.expr, values.file, values.flake].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UserError("Supply exactly one of --expr EXPR, --file FILE or --flake DIR#ATTR.PATH.");
  const { evalExpr, evalFile, forceDeep, printValue, printJSON, toJSONValue, diskParseCache } = await import("../../nix/evaluate.ts");
  const { cacheDir } = await import("../load-config.ts");
  const opts = { warn: (w: string) => io.stderr(`warning: ${w}\n`), impure: values.impure === true, parseCache: diskParseCache(join(cacheDir(io), "nix-parse")) };
  let v: Value;
  let copyToStore: (path: string) => string;
  if (values.expr !== undefined || values.file !== undefined) {
    // An expression or a file needs only the evaluator: the Nix lib and the module system (flake-system.ts) are not loaded.
    const { nixEvaluation } = await import("../../flake/nix-evaluation.ts");
    const { evaluator, access } = nixEvaluation(opts);
    copyToStore = evaluator.state.copyToStore;
    if (values.expr !== undefined) v = evalExpr(values.expr, { evaluator, baseDir: io.cwd, file: "«string»" });
    else {
      const file = resolve(io.cwd, values.file as string);
      access.allow(dirname(file));
      v = evalFile(file, { evaluator });
    }
  } else {
    const { flakeEvaluation } = await import("../../flake/flake-system.ts");
    const { ctx, root } = flakeEvaluation(opts);
    copyToStore = ctx.evaluator.state.copyToStore;
    const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
    const { loadLockedFlake } = await import("../../flake/locked-flake.ts");
    const { dir, fragment } = splitFlakeArg(values.flake as string);
    const lock = await flakeLockOptions({ ...values, overrideInput: overrides }, io, checkRoot(values.root as string, io.cwd));
    v = (await loadLockedFlake(resolve(io.cwd, dir), ctx, lock)).outputs;
    root.outputs = v as NixAttrs;
    const path = fragment === undefined ? [] : splitAttrPath(fragment);
    path.forEach((name, i) => {
      const at = force(v);
      if (!(at instanceof NixAttrs) || !at.has(name)) throw new UserError(`flake '${dir}' does not provide attribute '${path.slice(0, i + 1).join(".")}'`);
      v = at.get(name) as Value;
    });
  }
  if (values.strict === true || values.json === true) v = forceDeep(v);
  io.stdout((values.json === true ? printJSON(toJSONValue(v, copyToStore)) : printValue(v, { strict: values.strict === true })) + "\n");
  return 0;
}
