/**
 * What `system-manager eval` does with an expression (--expr) or a file
 * (--file), and how it prints any result: as `nix eval` does, as JSON
 * (--json) or as XML (--xml); --strict forces it deeply first. As
 * nix-instantiate --eval does, -A selects attributes of the result and
 * --arg/--argstr are passed to a function result (../../nix/auto-call.ts);
 * an impure evaluation looks `<name>` up in -I's entries, $NIX_PATH's and
 * the channels. An expression or a file needs only the evaluator
 * (nix-evaluation.ts), not the Nix lib, the module system or the flake
 * machinery, so this loads quickly (dist/eval-cli.cjs).
 */
import { dirname, resolve } from "node:path";
import { evalExpr, evalFile, forceDeep, printJSON, printValue, toJSONValue, type ParseCache } from "../../nix/evaluate.ts";
import { autoCallFunction, findAlongAttrPath } from "../../nix/auto-call.ts";
import { toXML } from "../../nix/builtins/xml.ts";
import type { SearchPathEntry } from "../../nix/search-path.ts";
import type { LintWarning, LiteralLints } from "../../nix/literal-lints.ts";
import { forStderr } from "../ansi-shown.ts";
import { renderUserError } from "../render-error.ts";
import { lazy, NixAttrs, type Lazy, type Value } from "../../nix/value.ts";
import { nixEvaluation } from "../../flake/nix-evaluation.ts";
import { parseCacheOf } from "../parse-cache-of.ts";
import { evalSettings, warningChannel } from "../eval-settings.ts";
import { hostSystem } from "../host.ts";
import type { Io } from "../io.ts";
import { cliSearchPath } from "../search-path-args.ts";
import type { EvalArgs, EvalValues } from "./eval-args.ts";

export interface CliEvalOptions {
  /** What the flake machinery says (a lock file written, an input not fetched). */
  readonly warn: (w: string) => void;
  /** The evaluation's own warnings: fatal under abort-on-warn. */
  readonly evalWarn: (w: string) => void;
  readonly maxCallDepth: number;
  readonly experimentalFeatures: readonly string[];
  readonly impure: boolean;
  readonly parseCache: ParseCache;
  readonly searchPath: readonly SearchPathEntry[];
  readonly currentSystem: string;
  readonly lints: LiteralLints;
  readonly lintWarn: (warning: LintWarning) => void;
}

/** The evaluation options of either kind of eval: warnings to stderr (evaluation warnings fatal under abort-on-warn), max-call-depth, purity, the search path, the literal lints, the parse cache in the user's cache directory. */
export function evalOptions(args: EvalArgs, io: Io): CliEvalOptions {
  const { values } = args;
  const settings = evalSettings(args.options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  const impure = values.impure === true;
  return {
    warn: (w) => io.stderr(`warning: ${w}\n`),
    evalWarn: warningChannel(settings, io.stderr),
    maxCallDepth: settings.maxCallDepth,
    experimentalFeatures: settings.experimentalFeatures,
    impure,
    parseCache: parseCacheOf(io),
    searchPath: impure ? cliSearchPath(values.include, io) : [],
    currentSystem: hostSystem(),
    lints: settings.lints,
    lintWarn: (w) => io.stderr(forStderr(renderUserError(w, undefined, "warning")) + "\n"),
  };
}

/** Prints `v` as --json, --xml and --strict ask. */
export function printEvalResult(v: Value, values: EvalValues, copyToStore: (path: string) => string, io: Io): void {
  if (values.xml === true) {
    io.stdout(toXML(v).text);
    return;
  }
  if (values.strict === true || values.json === true) v = forceDeep(v);
  io.stdout((values.json === true ? printJSON(toJSONValue(v, copyToStore)) : printValue(v, { strict: values.strict === true })) + "\n");
}

/** --arg's expressions (evaluated when used, relative to the working directory) and --argstr's strings. */
function autoArgsOf(args: EvalArgs, evaluator: ReturnType<typeof nixEvaluation>["evaluator"], cwd: string): NixAttrs {
  const m = new Map<string, Lazy>();
  for (const { option, name, value } of args.autoArgs) {
    m.set(name, option === "argstr" ? value : lazy(() => evalExpr(value, { evaluator, baseDir: cwd, file: "«string»" })));
  }
  return new NixAttrs(m);
}

/** Evaluates --expr or --file, selects and calls as -A, --arg and --argstr ask, and prints each result; its exit code. */
export function evalExpression(args: EvalArgs, io: Io): number {
  const { values } = args;
  const { evaluator, access } = nixEvaluation(evalOptions(args, io));
  let root: Value;
  if (values.expr !== undefined) root = evalExpr(values.expr, { evaluator, baseDir: io.cwd, file: "«string»" });
  else {
    const file = resolve(io.cwd, values.file as string);
    access.allow(dirname(file));
    root = evalFile(file, { evaluator });
  }
  const autoArgs = autoArgsOf(args, evaluator, io.cwd);
  for (const path of values.attr ?? [""]) {
    const selected = findAlongAttrPath(path, autoArgs, root);
    const v = args.autoArgs.length === 0 ? selected : autoCallFunction(autoArgs, selected);
    printEvalResult(v as Value, values, evaluator.state.copyToStore, io);
  }
  return 0;
}
