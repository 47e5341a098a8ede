/**
 * `system-manager eval`: evaluate a Nix expression (--expr), file (--file)
 * or flake attribute (--flake DIR#attr.path) and print it as `nix eval`
 * does, or as JSON (--json); --strict forces it deeply first. This is also
 * how users inspect a configuration:
 *   system-manager eval --flake .#systemConfigs.default.config.users.users.alice
 * An expression or a file is evaluated by eval-expression.ts (which the
 * launcher also runs from its own small bundle, src/cli/eval-main.ts).
 */
import { resolve } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { Io } from "../io.ts";
import { checkRoot } from "../check-root.ts";
import { flakeLockOptions } from "../flake-args.ts";
import { force, NixAttrs, type Value } from "../../nix/value.ts";
import { EVAL_HELP, parseEvalArgs } from "./eval-args.ts";

/** Splits an attribute path on dots, honouring "quoted" components. */
export function splitAttrPath(path: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^."]+)/g;
  for (const m of path.matchAll(re)) out.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : (m[2] as string));
  return out;
}

export async function evalCommand(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseEvalArgs(argv);
  if (parsed === "help") {
    io.stdout(EVAL_HELP);
    return 0;
  }
  const { values, overrides } = parsed;
  const { evalExpression, evalOptions, printEvalResult } = await import("./eval-expression.ts");
  if (values.flake === undefined) return evalExpression(parsed, io);
  const { flakeEvaluation } = await import("../../flake/flake-system.ts");
  const { splitFlakeArg } = await import("../../flake/flake-ref.ts");
  const { loadLockedFlake } = await import("../../flake/locked-flake.ts");
  const { ctx, root } = flakeEvaluation(evalOptions(parsed, io));
  const { dir, fragment } = splitFlakeArg(values.flake);
  const lock = await flakeLockOptions({ ...values, overrideInput: overrides }, io, checkRoot(values.root as string, io.cwd));
  let v: Value = (await loadLockedFlake(resolve(io.cwd, dir), ctx, lock)).outputs;
  root.outputs = v as NixAttrs;
  const path = fragment === undefined ? [] : splitAttrPath(fragment);
  path.forEach((name, i) => {
    const at = force(v);
    if (!(at instanceof NixAttrs) || !at.has(name)) throw new UserError(`flake '${dir}' does not provide attribute '${path.slice(0, i + 1).join(".")}'`);
    v = at.get(name) as Value;
  });
  printEvalResult(v, values, ctx.evaluator.state.copyToStore, io);
  return 0;
}
