/**
 * `build`: evaluate the configuration, check assertions and the platform,
 * compute the generation's content (pure), and write it into the store
 * under the root. Everything is checked before the first write; the store
 * write itself is atomic, so a failed build leaves nothing behind.
 */
import type { Lazy } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { evaluateSystem, type PkgsFor } from "./evaluate-system.ts";
import { checkAssertions } from "./check-assertions.ts";
import { generationSpec, type SourceReader } from "./generation-spec.ts";
import { readingStoreCopies } from "./read-source.ts";
import { writeStorePaths } from "../store/write-store-paths.ts";
import { inStoreSession } from "../store/store-session.ts";
import { SYSTEM_PROFILE_LINK, type StorePath } from "../store/store-path.ts";
import { debugStorePaths, phases, storeBefore } from "./build-debug.ts";
import type { EtcEntry, Manifest } from "./manifest.ts";
import type { FileTree } from "../store/file-tree.ts";
import type { PackageSession } from "../packages/package-session.ts";
import { realiseProfiles } from "../packages/realise-profiles.ts";
import { PACKAGE_HASHES, packageHashesFile } from "../packages/package-hashes.ts";
import { writeEngine, type EngineSource } from "./engine-store-paths.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import { realiseConfigReferences } from "../packages/nixpkgs/realise-config.ts";
import { usersAsBuilt } from "./users-as-built.ts";
import { checkNginxConfig } from "./nginx-config-check.ts";
import { systemTextFiles } from "./system-text-files.ts";
import { withBuildPackages } from "../packages/build-packages.ts";
import { withCliPackage } from "./cli-package-value.ts";

export interface BuildOptions {
  /** The target root; the store lives under it. */
  readonly root: string;
  /** The machine's system string (e.g. "x86_64-linux"), for the platform check. */
  readonly hostSystem: string;
  readonly readSource: SourceReader;
  /** Prints a warning (evaluation warnings go here). */
  readonly warn: (message: string) => void;
  /** The activation engine the generation carries (its Node runtime and bundled script). */
  readonly engine: EngineSource;
  /** Resolves and realises `pkgs.<name>` (the build then makes the profiles); without it packages are only recorded. */
  readonly packages?: PackageSession;
  /** Special module arguments (a flake's makeSystemConfig gives `lib` and its own). */
  readonly specialArgs?: Readonly<Record<string, Lazy>>;
  /** Store paths the evaluation made (paths interpolated into strings), written with the generation. */
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
  /** The flake evaluation's store (derivations and texts its values may refer to). */
  readonly store?: EvalStore;
  /** `pkgs` from a flake's nixpkgs input (its builders instantiate into `store`). */
  readonly pkgsFor?: PkgsFor;
  /** Check the store paths already there against what they should hold and rewrite damaged ones (as `nix --repair`); else they are trusted (src/store/store-validity.ts). */
  readonly repair?: boolean;
  /** --verbose: each phase's time and the store paths written (build-debug.ts). */
  readonly debug?: (line: string) => void;
}

export interface BuildResult {
  readonly storePath: StorePath;
  readonly manifest: Manifest;
}

export const GENERATION_NAME = "system-manager";

/**
 * Builds in one store session (src/store/store-session.ts): the store under the root is checked once, before the build's first write.
 * Packages a flake takes straight from its nixpkgs input are looked up in the build's package session too (build-packages.ts).
 */
export function buildGeneration(modules: readonly Lazy[], opts: BuildOptions): Promise<BuildResult> {
  // The system-manager package, when the configuration names it, is made from the engine's source and joins the store copies:
  // the evaluation's own list, which grows while it runs (a path is copied when a string first names it), never a snapshot of it.
  const copies = (opts.storeCopies ?? []) as { name: string; tree: FileTree }[];
  const run = () => withCliPackage(opts.engine, copies, () => build(modules, { ...opts, storeCopies: copies }));
  return inStoreSession(() => withBuildPackages(opts.packages, run), { repair: opts.repair === true });
}

/** A package the configuration names that no provider can give does not stop the evaluation: the build reports them all (package-session.ts), with what else failed. */
async function build(modules: readonly Lazy[], opts: BuildOptions): Promise<BuildResult> {
  try {
    return await buildWithPackages(modules, opts);
  } catch (e) {
    throw opts.packages === undefined ? e : opts.packages.withUnavailable(e);
  }
}

async function buildWithPackages(modules: readonly Lazy[], opts: BuildOptions): Promise<BuildResult> {
  const phase = phases(opts.debug);
  const { evaluation, system, store, pkgs } = evaluateSystem(modules, opts.specialArgs, opts.packages, opts.pkgsFor);
  // A package no provider can give is named with the options holding it when the configuration's files do not select it.
  opts.packages?.optionsIn(evaluation.config);
  const warnings = checkAssertions(evaluation);
  phase("evaluated the modules and checked the assertions");
  const sys = system();
  if (sys !== opts.hostSystem) {
    throw new UserError(
      `Cannot build for nixpkgs.hostPlatform "${sys}" on this machine, which is "${opts.hostSystem}": set nixpkgs.hostPlatform = "${opts.hostSystem}"`,
    );
  }
  // The engine is written first: units and the manifest name its store path.
  const engine = await writeEngine(opts.root, opts.engine);
  // Users' packages as built (real home-manager profiles without the manual page): computed once, read by both steps below.
  usersAsBuilt(evaluation.config, pkgs);
  // What the configuration's strings refer to (builders' outputs, texts, copies) is in the store before it is read.
  const named = await realiseConfigReferences(evaluation, { root: opts.root, stores: opts.store === undefined ? [store] : [store, opts.store], storeCopies: opts.storeCopies, packages: opts.packages });
  phase("wrote the engine and realised what the configuration's strings refer to");
  // A flake's configuration (it has an evaluation store) links /etc sources outside the store, as NixOS does; a TypeScript one's name files to read.
  const spec = generationSpec(evaluation, sys, readingStoreCopies(opts.readSource, opts.storeCopies ?? [], opts.root), engine, opts.store !== undefined);
  const { extraStorePaths } = spec;
  phase("made the generation's content (files, users, units, homes)");
  let { manifest, tree } = spec;
  for (const w of [...warnings, ...usersAsBuilt(evaluation.config).warnings]) opts.warn(w);
  if (opts.packages !== undefined) {
    // The generation's content has looked up every package it names: none is realised while one cannot be.
    opts.packages.throwUnavailable();
    // Packages are realised (and profiles made) before the generation that names them is written.
    const profiles = await realiseProfiles(opts.packages, opts.root, manifest.packages);
    // /run is emptied at boot: a tmpfiles rule brings the system profile's link back.
    const sw: EtcEntry = { target: "tmpfiles.d/system-manager-sw.conf", source: "etc/tmpfiles.d/system-manager-sw.conf", mode: "symlink", uid: 0, gid: 0, user: "+0", group: "+0", replaceExisting: false };
    manifest = { ...manifest, profiles, etc: [...manifest.etc, sw].sort((a, b) => (a.target < b.target ? -1 : 1)) };
    tree = new Map(tree)
      .set(sw.source, { kind: "file", content: Buffer.from(`L+ ${SYSTEM_PROFILE_LINK} - - - - ${profiles.system}\n`), executable: false })
      // What each package path held when built: `--sudo` checks the staged packages against it.
      .set(PACKAGE_HASHES, packageHashesFile(opts.root, manifest.packages, named))
      .set("manifest.json", { kind: "file", content: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"), executable: false });
    phase("realised the packages and made the profiles");
  }
  const before = storeBefore(opts.debug, opts.root);
  // What the generation refers to is written first, so a generation in the store is always complete (one batch: src/store/write-store-paths.ts).
  const written = await writeStorePaths(opts.root, [...(opts.storeCopies ?? []), ...extraStorePaths, ...systemTextFiles(evaluation), { name: GENERATION_NAME, tree }]);
  const storePath = written[written.length - 1] as StorePath;
  phase("wrote the store paths");
  debugStorePaths(opts.debug, before, written);
  // Checked once the configuration's files are in the store, before anything else is written: a rejected one stops the build.
  checkNginxConfig(evaluation, opts.root);
  opts.packages?.saveLock({ prune: true });
  return { storePath, manifest };
}
