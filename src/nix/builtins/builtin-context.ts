/**
 * What builtins may use of the world: the filesystem (through EvalIO), the
 * evaluator's `import`, the store for path copies, the platform and the
 * trace and warning channels. Pure (flake) evaluation has no
 * currentSystem and an empty environment.
 */
import type { EvalIO } from "../io.ts";
import type { CopyToStore } from "../coerce.ts";
import type { Value } from "../value.ts";
import type { EvalStore } from "../eval-store.ts";
import type { SearchPathEntry } from "../search-path.ts";

export interface BuiltinContext {
  readonly io: EvalIO;
  /** `import path`: evaluates a Nix file (the evaluator caches per path). */
  readonly importPath: (path: string) => Value;
  /** `scopedImport attrs path`: evaluates a file with extra variables in scope. */
  readonly scopedImport: (scope: Value, path: string) => Value;
  readonly copyToStore: CopyToStore;
  /** The store paths are computed for (its directory) and where derivations and `toFile` texts are recorded. */
  readonly store: EvalStore;
  /** The `system` string; undefined in pure evaluation. */
  readonly currentSystem: string | undefined;
  readonly pure: boolean;
  /** `builtins.nixPath`, what `<name>` looks in (../search-path.ts); empty when absent. */
  readonly searchPath?: readonly SearchPathEntry[];
  readonly trace: (message: string) => void;
  readonly warn: (message: string) => void;
  /** Nix's max-call-depth, which also bounds how deep toJSON goes (10000 when absent). */
  readonly maxCallDepth?: number;
  /** Nix's experimental features that change what builtins do (`parse-toml-timestamps`); none when absent. */
  readonly experimentalFeatures?: ReadonlySet<string>;
  /** Milliseconds since the epoch, for `currentTime` (impure only); Date.now when absent. */
  readonly clock?: () => number;
}
