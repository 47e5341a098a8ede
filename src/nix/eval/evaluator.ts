/**
 * One evaluation: the base environment made from the builtins, the
 * per-path import cache, and parsing + compiling + running sources in it.
 * The builtins factory is injected (the public entry, ../evaluate.ts,
 * passes the real one; tests may pass their own); the global names follow
 * Nix's base environment (../builtins/index.ts globalScope). With a
 * PathAccess (pure flake evaluation), every file access and path copy is
 * checked against it (../path-access.ts); Nix's own files
 * (`<nix/fetchurl.nix>`) are read from memory (../corepkgs/). Asked for,
 * Nix's literal lints look at every source as it is read
 * (../literal-lints.ts). Sources are read as bytes, those outside UTF-8
 * kept (../byte-string.ts).
 */
import { showSpan, type Span } from "../../diagnostics/location.ts";
import { decodeBytes } from "../byte-string.ts";
import type { BuiltinContext } from "../builtins/builtin-context.ts";
import { globalScope } from "../builtins/index.ts";
import type { CopyToStore } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import type { EvalIO } from "../io.ts";
import { parse, tooDeep, type ParseOptions } from "../parser/parse.ts";
import type { ParseCache } from "../parser/parse-cache.ts";
import { restrictIO, type PathAccess } from "../path-access.ts";
import { guardStack, NixAttrs, type Lazy, type Value } from "../value.ts";
import type { Expr } from "../ast.ts";
import { compile } from "./compile.ts";
import { MAX_CALL_DEPTH } from "../max-call-depth.ts";
import { EMPTY_ENV, type Env } from "./env.ts";
import type { EvalState } from "./state.ts";
import { storeCopier } from "./store-copy.ts";
import { EvalStore } from "../eval-store.ts";
import { stderrLine } from "../stderr-text.ts";
import { withCorePackages } from "../corepkgs/core-packages.ts";
import type { SearchPathEntry } from "../search-path.ts";
import { linting, lintLiterals, type LintWarning, type LiteralLints } from "../literal-lints.ts";
import { systemError } from "../../diagnostics/system-error.ts";

export interface EvaluatorOptions {
  readonly io: EvalIO;
  readonly pure: boolean;
  readonly currentSystem: string | undefined;
  readonly createBuiltins: (ctx: BuiltinContext) => NixAttrs;
  readonly copyToStore?: CopyToStore;
  readonly trace?: (message: string) => void;
  readonly warn?: (message: string) => void;
  /** Which paths may be read (pure evaluation); everything when absent. */
  readonly access?: PathAccess;
  /** The store paths are computed for (default: /nix/store, recording into a fresh EvalStore). */
  readonly store?: EvalStore;
  /** Where imported files' parses are kept between runs (../parser/parse-cache.ts); none: every file is parsed. */
  readonly parseCache?: ParseCache;
  /** `builtins.nixPath`, what `<name>` looks in (`-I`, $NIX_PATH; ../search-path.ts); pure evaluation's is empty, as Nix's. */
  readonly searchPath?: readonly SearchPathEntry[];
  /** Nix's literal lints (../literal-lints.ts), each file linted as it is read; warnings go to `lintWarn` (stderr when absent). */
  readonly lints?: LiteralLints;
  readonly lintWarn?: (warning: LintWarning) => void;
  /** Nix's max-call-depth (default 10000); deep evaluation needs a stack to match (../max-call-depth.ts). */
  readonly maxCallDepth?: number;
  /** Nix's experimental features the builtins follow (`parse-toml-timestamps`: fromTOML reads dates and times); none when absent. */
  readonly experimentalFeatures?: Iterable<string>;
}

export class Evaluator {
  readonly state: EvalState;
  readonly #imports = new Map<string, Value>();
  readonly #parseFile: (source: Buffer, opts: ParseOptions) => Expr;
  readonly #lint: ((text: string, file: string) => void) | undefined;

  constructor(opts: EvaluatorOptions) {
    const cache = opts.parseCache;
    const parseBytes = cache === undefined ? (bytes: Buffer, o: ParseOptions) => parse(decodeBytes(bytes), o) : (bytes: Buffer, o: ParseOptions) => cache.parse(bytes, o);
    const lints = opts.lints;
    const lintWarn = opts.lintWarn ?? ((w: LintWarning) => stderrLine("warning: ", `${w.message}\n         at ${showSpan(w.location as Span)}`));
    this.#lint = lints === undefined || !linting(lints) ? undefined : (text, file) => lintLiterals(text, file, lints, lintWarn);
    const lint = this.#lint;
    this.#parseFile = lint === undefined ? parseBytes : (bytes, o) => {
      lint(decodeBytes(bytes), o.file);
      return parseBytes(bytes, o);
    };
    const access = opts.access;
    const io = withCorePackages(access === undefined ? opts.io : restrictIO(opts.io, access));
    const store = opts.store ?? new EvalStore();
    const maxCallDepth = opts.maxCallDepth ?? MAX_CALL_DEPTH;
    const copy = opts.copyToStore ?? storeCopier(io, store.storeDir);
    const copyToStore = access === undefined ? copy : (p: string) => copy(access.check(p));
    const ctx: BuiltinContext = {
      io,
      importPath: (p) => this.importPath(p),
      scopedImport: (scope, p) => this.scopedImport(scope, p),
      copyToStore,
      store,
      currentSystem: opts.currentSystem,
      pure: opts.pure,
      searchPath: opts.pure ? [] : opts.searchPath,
      trace: opts.trace ?? ((m) => stderrLine("trace: ", m)),
      warn: opts.warn ?? ((m) => stderrLine("evaluation warning: ", m)),
      maxCallDepth,
      experimentalFeatures: new Set(opts.experimentalFeatures ?? []),
    };
    const builtins = opts.createBuiltins(ctx);
    const globals = globalScope(builtins);
    globals.set("builtins", builtins);
    for (const [name, v] of [["true", true], ["false", false], ["null", null]] as const) if (!globals.has(name)) globals.set(name, v);
    this.state = { globals, globalNames: new Set(globals.keys()), io, pure: opts.pure, copyToStore, store, maxCallDepth, importPath: (p) => this.importPath(p) };
  }

  /** Parses and evaluates source text (to weak head normal form). */
  evalSource(src: string, file: string, baseDir: string): Value {
    this.#lint?.(src, file);
    return this.#run(parse(src, { file, baseDir, globals: this.state.globalNames }), file);
  }

  #run(expr: Expr, file: string): Value {
    const code = tooDeep(file, () => compile(expr, this.state));
    return guardStack(() => code(EMPTY_ENV));
  }

  /** `import path`: a directory means its default.nix; each file is evaluated once. */
  importPath(path: string): Value {
    // Looked up by the path asked for first, so a cached import touches the filesystem no more.
    const cached = this.#imports.get(path);
    if (cached !== undefined) return cached;
    const file = this.#resolveFile(path);
    const v = this.#imports.get(file) ?? this.#run(this.#parseFile(this.#read(file), { file, baseDir: dirname(file), globals: this.state.globalNames }), file);
    this.#imports.set(file, v).set(path, v);
    return v;
  }

  /** `scopedImport attrs path`: the attributes are in scope around the file (not cached). */
  scopedImport(scope: Value, path: string): Value {
    if (!(scope instanceof NixAttrs)) throw new EvalError("expected a set for the scope of scopedImport");
    const file = this.#resolveFile(path);
    const names = scope.keys();
    const expr = this.#parseFile(this.#read(file), { file, baseDir: dirname(file), globals: this.state.globalNames, topNames: names });
    const code = tooDeep(file, () => compile(expr, this.state));
    const env: Env = [undefined, ...names.map((n) => scope.lazy(n) as Lazy)];
    return guardStack(() => code(env));
  }

  #resolveFile(path: string): string {
    const io = this.state.io;
    if (!io.pathExists(path)) throw new EvalError(`path '${path}' does not exist`);
    return io.fileType(path) === "directory" ? `${path === "/" ? "" : path}/default.nix` : path;
  }

  #read(file: string): Buffer {
    try {
      return this.state.io.readFile(file);
    } catch (e) {
      throw new EvalError(`opening file '${file}': ${systemError(e) ?? (e as Error).message}`);
    }
  }
}

function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

export type { Span };
