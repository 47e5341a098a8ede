/**
 * `--flake DIR[#NAME]` for system-manager: evaluate the flake (pure, with
 * the built-in inputs), find its system configuration, and hand its
 * modules and special arguments to the same build a TypeScript
 * configuration goes through. Paths the configuration interpolates into
 * strings are copied into our store by the build (storeCopies). Pure
 * evaluation (the default, as Nix's for flakes) reads only the flake's and
 * its inputs' trees; `access` says which, for the build's sources too.
 * `impure` (--impure) lifts that.
 */
import { resolve } from "node:path";
import { nixEvaluation, type NixEvaluationOptions } from "./nix-evaluation.ts";
import type { ParseCache } from "../nix/evaluate.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import type { PathAccess } from "../nix/path-access.ts";
import { nixLib } from "../lib/index.ts";
import { registerModuleLoader } from "../module-system/nix-module-lib.ts";
import { NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import type { PkgsFor } from "./nixpkgs-packages.ts";
import type { FileTree } from "../store/file-tree.ts";
import { splitFlakeArg } from "./flake-ref.ts";
import { loadFlake } from "./load-flake.ts";
import { loadLockedFlake, type LockedFlakeOptions } from "./locked-flake.ts";
import { findSystemConfig, makeSystemConfigFn, systemConfigOf } from "./system-config.ts";

export interface FlakeSystem {
  readonly modules: readonly Lazy[];
  readonly specialArgs: Readonly<Record<string, Lazy>>;
  /** Store paths made by interpolating paths (name and content), to write with the generation. */
  readonly storeCopies: readonly { readonly name: string; readonly tree: FileTree }[];
  /** The evaluation's store (our STORE_DIR): the derivations and texts the configuration's string contexts may name. */
  readonly store: EvalStore;
  /** The paths the evaluation may read (and so the build: a `source` elsewhere is refused under pure evaluation). */
  readonly access: PathAccess;
  /** `pkgs` from the flake's nixpkgs input (makeSystemConfig's), when it gives one. */
  readonly pkgsFor?: PkgsFor;
}

export interface FlakeOptions extends Pick<NixEvaluationOptions, "evalWarn" | "maxCallDepth" | "experimentalFeatures" | "lints" | "lintWarn"> {
  readonly cwd: string;
  readonly system: string;
  readonly hostname: string;
  readonly warn: (message: string) => void;
  readonly impure?: boolean;
  /** Parses kept between runs (the CLI's cache directory). */
  readonly parseCache?: ParseCache;
}

export function flakeEvaluation(opts: NixEvaluationOptions) {
  const { evaluator, storeCopies, copyToStore: checkedCopy, access, store, overlay, pure } = nixEvaluation(opts);
  const { io } = evaluator.state;
  const lib = nixLib({ copyToStore: checkedCopy, importPath: (p) => evaluator.importPath(p), warn: opts.evalWarn ?? opts.warn, io, pure, store });
  registerModuleLoader((p) => evaluator.importPath(p));
  // system-manager's nixpkgs input follows the flake's `nixpkgs` (as the seed and system-manager's docs have it): known once the flake is called.
  const root: { outputs?: NixAttrs } = {};
  const rootNixpkgs = (): Value | undefined => {
    const inputs = root.outputs?.get("inputs");
    return inputs instanceof NixAttrs && inputs.has("nixpkgs") ? inputs.get("nixpkgs") : undefined;
  };
  const makeSystemConfig = makeSystemConfigFn(lib, { input: rootNixpkgs, importPath: (p) => { access.allow(p); return evaluator.importPath(p); } });
  const ctx = { evaluator, lib, makeSystemConfig, warn: opts.warn, access, overlay };
  return { ctx, storeCopies, evaluator, copyToStore: checkedCopy, access, store, root };
}

/** With `lock`, the flake's inputs are locked and fetched first (locked-flake.ts); without, only built-in and path: inputs resolve. */
export async function loadFlakeSystem(flakeArg: string, opts: FlakeOptions & { lock?: LockedFlakeOptions }): Promise<FlakeSystem> {
  const { dir, fragment } = splitFlakeArg(flakeArg);
  const { ctx, storeCopies, access, store, root } = flakeEvaluation(opts);
  const flakeDir = resolve(opts.cwd, dir);
  const outputs = opts.lock === undefined ? loadFlake(flakeDir, ctx) : (await loadLockedFlake(flakeDir, ctx, opts.lock)).outputs;
  root.outputs = outputs;
  const value = findSystemConfig(outputs, flakeDir, opts.system, opts.hostname, fragment);
  const cfg = systemConfigOf(value, `${flakeDir}#${fragment ?? "systemConfigs.default"}`);
  return { modules: cfg.modules, specialArgs: cfg.specialArgs, storeCopies, access, store, ...(cfg.pkgsFor !== undefined ? { pkgsFor: cfg.pkgsFor } : {}) };
}
