/**
 * Loads the modules of a configuration named on the command line: a
 * TypeScript file (--config) or a flake (--flake).
 */
import { hostname } from "node:os";
import { resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Lazy } from "../nix/value.ts";
import type { LintWarning } from "../nix/literal-lints.ts";
import type { FileTree } from "../store/file-tree.ts";
import type { PathAccess } from "../nix/path-access.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import type { Io } from "./io.ts";
import type { PkgsFor } from "../build/evaluate-system.ts";
import type { FlakeInputArgs } from "./flake-args.ts";
import type { EvalSettings } from "./eval-settings.ts";
import { cacheDir } from "./cache-dir.ts";

/** A configuration's modules, ready for the build: with special arguments and store copies from a flake. */
export interface LoadedConfig {
  readonly modules: readonly Lazy[];
  readonly specialArgs: Readonly<Record<string, Lazy>>;
  readonly storeCopies: readonly { readonly name: string; readonly tree: FileTree }[];
  /** A flake's pure-evaluation access (its sources are read only within it); none for TypeScript. */
  readonly access?: PathAccess;
  /** A flake evaluation's store: derivations and texts its values may refer to. */
  readonly store?: EvalStore;
  /** `pkgs` from a flake's nixpkgs input, for the system's modules. */
  readonly pkgsFor?: PkgsFor;
  /** A TypeScript configuration's files (entry first), what its evaluation depends on. */
  readonly files?: readonly string[];
  /** A TypeScript configuration's: an exception its code threw as a UserError at its line (others unchanged). */
  readonly userErrors?: (e: unknown) => unknown;
}

/** The configuration options of build, switch and eval: --impure lets a flake read paths outside itself. */
export interface ConfigArgs extends FlakeInputArgs {
  readonly config?: string | boolean;
  readonly flake?: string | boolean;
  readonly impure?: string | boolean;
  /** The Nix settings a flake is evaluated with (Nix's defaults when absent). */
  readonly settings?: EvalSettings;
}

/** `root`: the store a flake's fetched inputs go into (the build's). */
export async function loadConfig(values: ConfigArgs, io: Io, root = "/"): Promise<LoadedConfig> {
  const { config, flake } = values;
  if ((config === undefined) === (flake === undefined)) {
    throw new UserError("Supply either a configuration file (--config FILE) or a flake (--flake DIR[#NAME]).");
  }
  if (flake !== undefined) {
    const { loadFlakeSystem } = await import("../flake/flake-system.ts");
    const { hostSystem } = await import("./host.ts");
    const { flakeLockOptions } = await import("./flake-args.ts");
    const lock = await flakeLockOptions(values, io, root);
    const parseCache = (await import("./parse-cache-of.ts")).parseCacheOf(io);
    return loadFlakeSystem(String(flake), { cwd: io.cwd, system: hostSystem(), hostname: hostname(), warn: (w) => io.stderr(`warning: ${w}\n`), impure: values.impure === true, lock, parseCache, ...(await flakeSettings(values.settings, io)) });
  }
  // The system-manager package (a store path) has no esbuild nor TypeScript: said before loading what needs them.
  (await import("../config/typescript-tooling.ts")).requireTypeScriptTooling(resolve(io.cwd, String(config)));
  const { loadTsConfig } = await import("../config/load-ts-config.ts");
  const { modules, userErrors, files } = await loadTsConfig(resolve(io.cwd, String(config)), { cacheDir: cacheDir(io) });
  return { modules, specialArgs: {}, storeCopies: [], userErrors, files };
}

/** What a flake's evaluation takes of the Nix settings: its warnings fatal under abort-on-warn, max-call-depth, the literal lints. */
export async function flakeSettings(settings: EvalSettings | undefined, io: Io) {
  const { DEFAULT_EVAL_SETTINGS, warningChannel } = await import("./eval-settings.ts");
  const { forStderr } = await import("./ansi-shown.ts");
  const { renderUserError } = await import("./render-error.ts");
  const s = settings ?? DEFAULT_EVAL_SETTINGS;
  return {
    evalWarn: warningChannel(s, io.stderr),
    maxCallDepth: s.maxCallDepth,
    experimentalFeatures: s.experimentalFeatures,
    lints: s.lints,
    lintWarn: (w: LintWarning) => io.stderr(forStderr(renderUserError(w, undefined, "warning")) + "\n"),
  };
}

/** Runs `build` (the evaluation of `config`), turning what the configuration's own code threw into a UserError. */
export async function withUserErrors<T>(config: LoadedConfig, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (e) {
    throw config.userErrors?.(e) ?? e;
  }
}
