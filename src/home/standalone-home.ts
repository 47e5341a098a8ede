/**
 * Standalone home-manager: a user evaluates and builds their own home
 * configuration, without root, into a store under their own state
 * directory (links in $HOME then point into it), and activates it
 * in-process. A flake whose home-manager is the real one hands over that
 * evaluation's config instead of modules (real-home-manager.ts).
 * `home.packages` are realised into that store by the package session
 * (home-packages.ts) and the profile directory links their home-path
 * (profile-link.ts).
 */
import { join } from "node:path";
import { evalModules } from "../module-system/eval-modules.ts";
import { locatedAt } from "../module-system/definition-sites.ts";
import type { UserError } from "../diagnostics/user-error.ts";
import { checkAssertions } from "../build/check-assertions.ts";
import { homeGenerationSpec, HOME_GENERATION_NAME, type HomeContent } from "../build/home-generation.ts";
import type { SourceReader } from "../build/generation-spec.ts";
import { readingStoreCopies } from "../build/read-source.ts";
import { homeModules } from "../modules/home/index.ts";
import { packageSet } from "../packages/package-set.ts";
import { lazyFromJS, toJS } from "../nix/js-value.ts";
import { Thunk, type Lazy, type NixAttrs } from "../nix/value.ts";
import { homePackagesOf, homePathEntries, profileOfPackages, realiseReferences, type HomeRealisation, type PackageRealiser } from "./home-packages.ts";
import { realiseRealHomePath } from "./real-home-path.ts";
import { profileTarget, withProfileLink } from "./profile-link.ts";
import { EvalStore } from "../nix/eval-store.ts";
import { readTree } from "../store/read-tree.ts";
import { STORE_DIR, storePathName } from "../store/store-path.ts";
import { readingEvalStore, referencedTextOutputs } from "./eval-store-sources.ts";
import { realHomeContent, realHomeReferences } from "./real-home-manager.ts";
import { writeStorePaths } from "../store/write-store-paths.ts";
import { debugStorePaths, phases, storeBefore } from "../build/build-debug.ts";
import { inStoreSession } from "../store/store-session.ts";
import { withBuildPackages } from "../packages/build-packages.ts";
import type { StorePath } from "../store/store-path.ts";
import type { FileTree } from "../store/file-tree.ts";

export interface StandaloneOptions {
  /** Special module arguments (a flake's homeManagerConfiguration extraSpecialArgs, and lib). */
  readonly specialArgs?: Readonly<Record<string, Lazy>>;
  readonly user: string;
  readonly home: string;
  readonly system: string;
  /** Where this user's store lives (its store directory is below it). */
  readonly storeRoot: string;
  readonly readSource: SourceReader;
  readonly warn: (message: string) => void;
  /** Paths a flake interpolated, written to the store with the generation. */
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
  /** The real home-manager's evaluated `config` (flake-home.ts), read instead of evaluating `modules`. */
  readonly realConfig?: NixAttrs;
  /** That evaluation's `pkgs` (its builders make the home-path). */
  readonly realPkgs?: Lazy;
  /** The evaluation's store: the texts and text-file derivations sources may name. */
  readonly store?: EvalStore;
  /** Resolves `pkgs.<attr>` and realises `home.packages` into the store (a PackageSession); without one, packages are only recorded. */
  readonly packages?: PackageRealiser;
  /** Check the store paths already there against what they should hold and rewrite damaged ones (as `nix --repair`); else they are trusted. */
  readonly repair?: boolean;
  /** --verbose: each phase's time and the store paths written (build-debug.ts), as a system's build tells them. */
  readonly debug?: (line: string) => void;
}

/** `~/.local/state/system-manager/home` (or under $XDG_STATE_HOME). */
export { defaultStoreRoot } from "./home-store-root.ts";

/**
 * Builds in one store session (src/store/store-session.ts): the user's
 * store is checked once, before the build's first write. Packages a
 * flake's nixpkgs input gives (`import nixpkgs { … }`, legacyPackages)
 * are looked up in this build's package session (build-packages.ts), so
 * they are resolved and realised, the builders' bash among them.
 */
export function buildStandaloneHome(modules: readonly Lazy[], opts: StandaloneOptions): Promise<StorePath> {
  return inStoreSession(() => withBuildPackages(opts.packages, () => buildReportingPackages(modules, opts)), { repair: opts.repair === true });
}

/** A package the configuration names that no provider can give does not stop the evaluation: the build reports them all, with what else failed. */
async function buildReportingPackages(modules: readonly Lazy[], opts: StandaloneOptions): Promise<StorePath> {
  try {
    return await buildHome(modules, opts);
  } catch (e) {
    throw opts.packages === undefined ? e : opts.packages.withUnavailable(e);
  }
}

async function buildHome(modules: readonly Lazy[], opts: StandaloneOptions): Promise<StorePath> {
  // Our own modules' pkgs instantiates its builders into this store when the flake gave none.
  const store = opts.store ?? new EvalStore(STORE_DIR);
  // Builders' outputs a home file names are realised into the user's store first, and read from there.
  const readSource = readingEvalStore(store, readingStoreCopies(opts.readSource, opts.storeCopies ?? [], opts.storeRoot));
  const r: HomeRealisation = { storeRoot: opts.storeRoot, store, storeCopies: opts.storeCopies, packages: opts.packages };
  const phase = phases(opts.debug);
  const home = opts.realConfig !== undefined ? await realHome(opts.realConfig, opts, readSource, r) : await standInHome(modules, { ...opts, store }, readSource, r);
  phase("evaluated the home and realised its packages");
  const content = home.profile === undefined ? home.content : withProfileLink(home.content, home.profileTarget, readTree(join(opts.storeRoot, home.profile), "home-path"));
  const texts = [...content.tree.values()].flatMap((e) => (e.kind === "file" ? [e.content.toString("utf8")] : []));
  const referenced = referencedTextOutputs(store, texts).map((e) => ({ name: storePathName(e.path as StorePath), tree: e.tree, path: e.path as StorePath }));
  const tree = new Map([...content.tree, ...homePathEntries(home.packages, home.profile)]);
  // Every package the home names has been looked up: none is missing from what is written.
  opts.packages?.throwUnavailable();
  // One batch, as the system's build writes its generation (write-store-paths.ts): what the generation names first, then the generation.
  const before = storeBefore(opts.debug, opts.storeRoot);
  const written = await writeStorePaths(opts.storeRoot, [...(opts.storeCopies ?? []), ...content.extra, ...referenced, { name: HOME_GENERATION_NAME, tree }]);
  phase("wrote the store paths");
  debugStorePaths(opts.debug, before, written);
  return written[written.length - 1] as StorePath;
}

interface BuiltHome {
  readonly content: HomeContent;
  readonly packages: ReturnType<typeof homePackagesOf>;
  /** The home-path's store path, when there is one. */
  readonly profile: string | undefined;
  /** Where in the home the profile directory is. */
  readonly profileTarget: string;
}

async function realHome(config: NixAttrs, opts: StandaloneOptions, readSource: SourceReader, r: HomeRealisation): Promise<BuiltHome> {
  const home = config.get("home") as NixAttrs;
  r.packages?.optionsIn(config);
  // What the files, packages and activation scripts name, as a system's user's home (activation scripts see this store: store-view.ts).
  await realiseReferences(r, realHomeReferences(config));
  const content = realHomeContent(config, { user: opts.user, readSource });
  const profile = await realiseRealHomePath(r, config, opts.realPkgs, opts.warn);
  const target = profileTarget(String(toJS(home.lazy("profileDirectory") as Lazy)), content.manifest.homeDirectory);
  return { content, packages: homePackagesOf(home.lazy("packages")), profile: target === undefined ? undefined : profile, profileTarget: target ?? "" };
}

/** Our own home modules' evaluation of `modules`. */
async function standInHome(modules: readonly Lazy[], opts: StandaloneOptions & { store: EvalStore }, readSource: SourceReader, r: HomeRealisation): Promise<BuiltHome> {
  const base = lazyFromJS({
    _file: "home-manager/standalone",
    home: { username: opts.user, homeDirectory: opts.home },
  });
  const ev = evalModules({
    modules: [...homeModules, base, ...modules],
    specialArgs: { pkgs: new Thunk(() => packageSet(() => opts.system, opts.packages, opts.store), "pkgs"), ...opts.specialArgs },
    class: "homeManager",
  });
  for (const w of checkAssertions(ev)) opts.warn(w);
  r.packages?.optionsIn(ev.config);
  const home = (ev.config as NixAttrs).get("home") as NixAttrs;
  const packages = homePackagesOf(home.lazy("packages"));
  await realiseReferences(r, [home.lazy("file") as Lazy]);
  // An entry's error is shown at that entry's definition in the configuration.
  const atEntry = (name: string, e: UserError) => locatedAt(ev.tree, e, ["home", "file", name]);
  const content = homeGenerationSpec(opts.user, toJS(ev.config) as Record<string, any>, readSource, undefined, atEntry);
  return { content, packages, profile: await profileOfPackages(r, opts.user, home.lazy("packages")), profileTarget: ".nix-profile" };
}
