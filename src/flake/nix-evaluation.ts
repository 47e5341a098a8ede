/**
 * The Nix evaluator a flake, a file or an expression is evaluated with:
 * pure unless `impure`, reading through a tree overlay (a nixpkgs tree
 * input may serve files it lacks), with our store for derivations and
 * texts, the search path `<name>` looks in and `currentSystem` when
 * impure, and paths interpolated into strings copied into the store (each
 * read and hashed once; `storeCopies` lists them for the build). It
 * imports neither the Nix lib nor the module system, so `eval --expr`
 * and `eval --file` load only the evaluator (flake-system.ts adds those).
 */
import { basename } from "node:path";
import { createEvaluator, type ParseCache } from "../nix/evaluate.ts";
import type { SearchPathEntry } from "../nix/search-path.ts";
import type { LintWarning, LiteralLints } from "../nix/literal-lints.ts";
import { nodeIO } from "../nix/io.ts";
import { cachedRealPath } from "../nix/cached-real-path.ts";
import { createBuiltins } from "../nix/builtins/index.ts";
import { TreeOverlay } from "./tree-overlay.ts";
import { PathAccess } from "../nix/path-access.ts";
import { EvalStore } from "../nix/eval-store.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { contentAddressedPath, type FileTree } from "../store/file-tree.ts";
import { readSourceFromDisk } from "../build/read-source.ts";

export interface NixEvaluationOptions {
  readonly warn: (message: string) => void;
  readonly impure?: boolean;
  /** Parses kept between runs (the CLI's cache directory). */
  readonly parseCache?: ParseCache;
  /** What `<name>` looks in (impure evaluation; pure evaluation's is empty, as Nix's). */
  readonly searchPath?: readonly SearchPathEntry[];
  /** `builtins.currentSystem` of an impure evaluation. */
  readonly currentSystem?: string;
  /** Nix's literal lints, and where their warnings go. */
  readonly lints?: LiteralLints;
  readonly lintWarn?: (warning: LintWarning) => void;
  /** The evaluation's own warnings (builtins.warn, lib.warn), which abort-on-warn makes errors; `warn` when absent. */
  readonly evalWarn?: (message: string) => void;
  /** Nix's max-call-depth (10000 when absent). */
  readonly maxCallDepth?: number;
  /** Nix's experimental features turned on (parse-toml-timestamps). */
  readonly experimentalFeatures?: readonly string[];
}

export function nixEvaluation(opts: NixEvaluationOptions) {
  const storeCopies: { name: string; tree: FileTree }[] = [];
  const copied = new Map<string, string>();
  const copyToStore = (path: string): string => {
    const hit = copied.get(path);
    if (hit !== undefined) return hit;
    const name = basename(path);
    const tree = readSourceFromDisk(path);
    storeCopies.push({ name, tree });
    const storePath = contentAddressedPath(name, tree);
    copied.set(path, storePath);
    return storePath;
  };
  const pure = opts.impure !== true;
  const store = new EvalStore(STORE_DIR);
  const access = new PathAccess({ pure, realPath: cachedRealPath(), storeDir: STORE_DIR });
  const overlay = new TreeOverlay();
  const evaluator = createEvaluator({ io: overlay.io(nodeIO), createBuiltins: overlay.builtins(createBuiltins), pure, copyToStore, warn: opts.evalWarn ?? opts.warn, access, store, parseCache: opts.parseCache, searchPath: opts.searchPath, currentSystem: opts.currentSystem, lints: opts.lints, lintWarn: opts.lintWarn, maxCallDepth: opts.maxCallDepth, experimentalFeatures: opts.experimentalFeatures });
  return { evaluator, storeCopies, copyToStore: evaluator.state.copyToStore, access, store, overlay, pure };
}
