/**
 * What the lib needs of the world, a subset of the builtins' context: the
 * trace and warning channels (`lib.warn`, `lib.trace`, renamed options),
 * path copies for string interpolation, and `import` for modules given as
 * paths and `lib.importJSON`. Everything is optional: without a store or
 * an importer, the functions that need one fail when called.
 */
import type { BuiltinContext } from "../builtins/builtin-context.ts";
import type { CopyToStore } from "../coerce.ts";
import { EvalError } from "../errors.ts";
import type { Value } from "../value.ts";

export type LibContext = Partial<Pick<BuiltinContext, "trace" | "warn" | "copyToStore" | "importPath" | "io">> & {
  /** `builtins.storeDir` (for isStorePath); "/nix/store" by default. */
  readonly storeDir?: string;
};

/** The context with every channel filled in (stderr for traces and warnings). */
export interface ResolvedLibContext {
  readonly trace: (message: string) => void;
  readonly warn: (message: string) => void;
  readonly copyToStore: CopyToStore;
  readonly importPath: (path: string) => Value;
  readonly readFile: (path: string) => string;
  readonly storeDir: string;
}

export function resolveContext(ctx: LibContext): ResolvedLibContext {
  return {
    trace: ctx.trace ?? ((m) => process.stderr.write(`trace: ${m}\n`)),
    warn: ctx.warn ?? ((m) => process.stderr.write(`evaluation warning: ${m}\n`)),
    copyToStore:
      ctx.copyToStore ??
      ((p) => {
        throw new EvalError(`cannot copy the path '${p}' to the store: no store in this evaluation`);
      }),
    importPath:
      ctx.importPath ??
      ((p) => {
        throw new EvalError(`cannot import '${p}': no Nix evaluator in this context`);
      }),
    readFile: (p) => {
      if (ctx.io === undefined) throw new EvalError(`cannot read '${p}': no filesystem in this context`);
      return ctx.io.readFile(p).toString("utf8");
    },
    storeDir: ctx.storeDir ?? "/nix/store",
  };
}

/** What each family of lib functions is built from. */
export interface LibEnv {
  readonly ctx: ResolvedLibContext;
  /** The final lib (after any `lib.extend`), for functions that hand `lib` on, such as evalModules. */
  readonly self: () => Value;
}
