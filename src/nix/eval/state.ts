/**
 * What compiled code needs from the evaluation it runs in: the base
 * environment (builtins and the global names), the store for path copies,
 * the filesystem, pure mode, and `import`.
 */
import type { CopyToStore } from "../coerce.ts";
import type { EvalIO } from "../io.ts";
import type { Lazy, Value } from "../value.ts";
import type { EvalStore } from "../eval-store.ts";

export interface EvalState {
  /** The base environment: `builtins`, `true`, `map`, `__add`, … */
  readonly globals: ReadonlyMap<string, Lazy>;
  readonly globalNames: ReadonlySet<string>;
  readonly io: EvalIO;
  readonly pure: boolean;
  readonly copyToStore: CopyToStore;
  /** The evaluation's store: its directory and the derivations and texts made. */
  readonly store: EvalStore;
  /** Nix's max-call-depth: how many calls may be running when another is entered. */
  readonly maxCallDepth: number;
  /** `import path` (cached per path; a directory means its default.nix). */
  readonly importPath: (path: string) => Value;
}
