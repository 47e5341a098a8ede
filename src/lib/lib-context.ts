/**
 * What the lib needs of the world: the builtins' context (trace and
 * warning channels for `lib.warn`, `lib.trace` and renamed options, path
 * copies for string interpolation, `import` for modules given as paths,
 * the filesystem for `lib.importJSON`). The evaluator passes its own;
 * every field is optional, and without a store, an importer or a
 * filesystem the functions that need one fail when called.
 */
import type { BuiltinContext } from "../nix/builtins/builtin-context.ts";
import type { EvalIO } from "../nix/io.ts";
import { EvalError } from "../nix/errors.ts";
import type { NixAttrs, Value } from "../nix/value.ts";
import { EvalStore } from "../nix/eval-store.ts";
import { stderrLine } from "../nix/stderr-text.ts";

export type LibContext = Partial<BuiltinContext> & {
  /** `builtins.storeDir` (for isStorePath) when no `store` is given; "/nix/store" by default. */
  readonly storeDir?: string;
};

/** The builtins' context with every field filled in (stderr for traces and warnings). */
export interface ResolvedLibContext extends BuiltinContext {
  readonly readFile: (path: string) => string;
  readonly storeDir: string;
}

const unavailable = (what: string) => (p: string): never => {
  throw new EvalError(`cannot ${what} '${p}': not available in this evaluation`);
};

const noIO: EvalIO = {
  readFile: unavailable("read"),
  pathExists: unavailable("access"),
  readDir: unavailable("read the directory"),
  fileType: unavailable("access"),
  getEnv: () => undefined,
};

export function resolveContext(ctx: LibContext): ResolvedLibContext {
  const io = ctx.io ?? noIO;
  const store = ctx.store ?? new EvalStore(ctx.storeDir);
  return {
    io,
    importPath: ctx.importPath ?? unavailable("import"),
    scopedImport: ctx.scopedImport ?? ((_scope, p) => unavailable("import")(p)),
    copyToStore: ctx.copyToStore ?? unavailable("copy to the store the path"),
    store,
    currentSystem: ctx.currentSystem,
    pure: ctx.pure ?? true,
    trace: ctx.trace ?? ((m) => stderrLine("trace: ", m)),
    warn: ctx.warn ?? ((m) => stderrLine("evaluation warning: ", m)),
    clock: ctx.clock,
    readFile: (p) => io.readFile(p).toString("utf8"),
    storeDir: store.storeDir,
  };
}

/** What each family of lib functions is built from. */
export interface LibEnv {
  readonly ctx: ResolvedLibContext;
  /** The final lib (after any `lib.extend`), for functions that hand `lib` on, such as evalModules. */
  readonly self: () => Value;
  /** The builtins of this context, for lib functions that are builtins or are made of them. */
  readonly builtins: NixAttrs;
}

/** A builtin by name (the lib's own copy, with its context). */
export function builtin(env: LibEnv, name: string): Value {
  const b = env.builtins.get(name);
  if (b === undefined) throw new EvalError(`builtins has no ${name}`);
  return b;
}
