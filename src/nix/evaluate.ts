/**
 * The public entry of the Nix evaluator.
 *
 *     const v = evalExpr("{ a = 1 + 1; }", { pure: true });
 *     printValue(forceDeep(v))            // "{ a = 2; }"
 *     const cfg = evalFile("/etc/flake/flake.nix", { io: nodeIO });
 *
 * Results are lazy inside (attribute values and list items are thunks
 * until forced). Parse errors throw a ParseError (or UserErrors with all of
 * a file's problems); evaluation errors throw EvalError / CatchableError /
 * InfiniteRecursionError / StackOverflowError, each with a location and
 * "while …" context frames. Deep recursion beyond the JavaScript stack is
 * "stack overflow; max-call-depth exceeded". For Nix's full depth of 10000
 * calls, evaluate on a large stack: the CLI launchers relaunch Node with
 * one (bin/large-stack.js); library code can use runWithLargeStack
 * (src/cli/large-stack.ts).
 */
import { resolve } from "node:path";
import type { BuiltinContext } from "./builtins/builtin-context.ts";
import { createBuiltins } from "./builtins/index.ts";
import type { CopyToStore } from "./coerce.ts";
import { Evaluator } from "./eval/evaluator.ts";
import { addFrame } from "./eval/fail.ts";
import { nodeIO, type EvalIO } from "./io.ts";
import type { PathAccess } from "./path-access.ts";
import { EvalStore } from "./eval-store.ts";
import { withStoreContents } from "./store-contents-io.ts";
import type { ParseCache } from "./parser/parse-cache.ts";
import type { SearchPathEntry } from "./search-path.ts";
import type { LintWarning, LiteralLints } from "./literal-lints.ts";
import { force, guardStack, NixAttrs, Thunk, type Lazy, type Value } from "./value.ts";

export { Evaluator } from "./eval/evaluator.ts";
export { diskParseCache, type ParseCache } from "./parser/parse-cache.ts";
export { printValue, printJSON, toJSONValue, printString } from "./print-value.ts";

export interface EvalOptions {
  /** File name for messages and `__curPos` (default `«string»`). */
  readonly file?: string;
  /** Directory relative paths resolve against (default: the file's directory, or the working directory). */
  readonly baseDir?: string;
  readonly io?: EvalIO;
  /** Pure (flake) evaluation: no currentSystem, no `~/…` or `<…>`, empty environment. Default true. */
  readonly pure?: boolean;
  readonly currentSystem?: string;
  readonly copyToStore?: CopyToStore;
  readonly trace?: (message: string) => void;
  readonly warn?: (message: string) => void;
  /** Which paths may be read (pure flake evaluation: ./path-access.ts); everything when absent. */
  readonly access?: PathAccess;
  /** The store paths are computed for (default /nix/store); its records say what to realise. */
  readonly store?: EvalStore;
  /** Reuse an evaluator (its import cache and base environment). */
  readonly evaluator?: Evaluator;
  /** Where imported files' parses are kept between runs (diskParseCache); none: every file is parsed. */
  readonly parseCache?: ParseCache;
  /** `builtins.nixPath`: what `<name>` looks in (./search-path.ts); empty when absent. */
  readonly searchPath?: readonly SearchPathEntry[];
  /** Nix's literal lints (./literal-lints.ts), and where their warnings go (stderr when absent). */
  readonly lints?: LiteralLints;
  readonly lintWarn?: (warning: LintWarning) => void;
  /** Nix's max-call-depth (10000 when absent). */
  readonly maxCallDepth?: number;
  /** Nix's experimental features turned on (parse-toml-timestamps). */
  readonly experimentalFeatures?: readonly string[];
  /** Replace the builtins (tests). */
  readonly createBuiltins?: (ctx: BuiltinContext) => NixAttrs;
}

/** An evaluator for several evaluations sharing imports and builtins. */
export function createEvaluator(opts: EvalOptions = {}): Evaluator {
  if (opts.evaluator !== undefined) return opts.evaluator;
  // What the evaluation puts in its store (toFile texts, path copies) is readable at its store path.
  const store = opts.store ?? new EvalStore();
  return new Evaluator({
    io: withStoreContents(opts.io ?? nodeIO, store),
    pure: opts.pure ?? true,
    currentSystem: opts.currentSystem,
    createBuiltins: opts.createBuiltins ?? createBuiltins,
    copyToStore: opts.copyToStore,
    trace: opts.trace,
    warn: opts.warn,
    access: opts.access,
    store,
    parseCache: opts.parseCache,
    searchPath: opts.searchPath,
    lints: opts.lints,
    lintWarn: opts.lintWarn,
    maxCallDepth: opts.maxCallDepth,
    experimentalFeatures: opts.experimentalFeatures,
  });
}

/** Evaluates an expression to weak head normal form. */
export function evalExpr(text: string, opts: EvalOptions = {}): Value {
  return guardStack(() => createEvaluator(opts).evalSource(text, opts.file ?? "«string»", opts.baseDir ?? process.cwd()));
}

/** Evaluates a file (a directory means its default.nix), as `import` does. */
export function evalFile(path: string, opts: EvalOptions = {}): Value {
  return guardStack(() => createEvaluator(opts).importPath(resolve(opts.baseDir ?? process.cwd(), path)));
}

/** Forces a value completely (every attribute and list item), as `--strict` and `deepSeq` do. */
export function forceDeep(v: Lazy): Value {
  const seen = new Set<object>();
  const go = (x: Lazy): Value => {
    const val = x instanceof Thunk ? x.force() : x;
    if (typeof val !== "object" || val === null || seen.has(val)) return val;
    seen.add(val);
    if (Array.isArray(val)) for (const e of val) go(e);
    else if (val instanceof NixAttrs) {
      for (const k of val.keys()) {
        try {
          go(val.lazy(k) as Lazy);
        } catch (e) {
          throw addFrame(e, `while evaluating the attribute '${k}'`);
        }
      }
    }
    return val;
  };
  return guardStack(() => go(force(v)));
}
