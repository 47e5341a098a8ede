/**
 * `pkgs` with nixpkgs' shape: the builders, stdenv, formats, fetchers
 * and callPackage of pkgs.nix over the Debian packages (every other
 * identifier, resolved from the lock as src/packages/package-set.ts does),
 * with overlays applied as nixpkgs applies them (`final: prev:`, each one
 * a layer over the previous, all seeing the final set). Derivations are
 * instantiated by the evaluator given (so into its store: its directory
 * and its records, which realiseStorePaths reads); nothing is built here.
 * Builders run with `tools.bash` and the bin/ of `tools.initialPath` on
 * their PATH (default: the set's own `bash` and nixpkgs' stdenv tools,
 * coreutils, findutils, sed, grep, gawk, tar… i.e. Debian's from the lock).
 *
 *     const pkgs = nixpkgsPackageSet({ system: "x86_64-linux", lib, evaluator, packages });
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../config/package-files.ts";
import type { Evaluator } from "../../nix/eval/evaluator.ts";
import type { PathAccess } from "../../nix/path-access.ts";
import { force, NixAttrs, NixFunction, Thunk, type Lazy } from "../../nix/value.ts";
import { rawPackageMap, type PackageLookup } from "../package-set.ts";
import type { PostInstall } from "../prebuilt-overrides.ts";
import { LayeredAttrs } from "./layered-attrs.ts";
import { openSetFunction } from "./open-set.ts";
import { renderFunction } from "./render.ts";
import { NODEJS, NODEJS_NPM } from "../prebuilt/table.ts";

/** Where pkgs.nix and the builders' scripts are. */
export const NIXPKGS_DIR = join(PACKAGE_ROOT, "src", "packages", "nixpkgs");

export interface BuilderTools {
  /** A package whose bin/bash runs the builders. */
  readonly bash: Lazy;
  /** Packages whose bin/ make the builders' PATH (STDENV_TOOLS). */
  readonly initialPath: readonly Lazy[];
}

export interface NixpkgsOptions {
  readonly system: string | (() => string);
  /** The lib `pkgs.lib` is (nixpkgs' own, or ours). */
  readonly lib: Lazy;
  /** Instantiates the derivations (its store is where they are recorded). */
  readonly evaluator: Evaluator;
  /** Pure evaluation's access: pkgs.nix's directory is allowed. */
  readonly access?: PathAccess;
  /** Answers `pkgs.<attr>` from the lock; without it a package is only a request. */
  readonly packages?: PackageLookup;
  /** `pkgs.path` (a nixpkgs tree); null when there is none. */
  readonly path?: Lazy;
  readonly config?: Lazy;
  readonly overlays?: readonly Lazy[];
  /** The builders' bash and PATH; default the set's own bash and STDENV_TOOLS. */
  readonly tools?: BuilderTools;
}

/** The names pkgs.nix defines (a test keeps this list equal to them): other names go to the packages without evaluating it. */
export const BUILDER_NAMES: ReadonlySet<string> = new Set([
  "buildEnv", "buildPackages", "buildPlatform", "callPackage", "callPackageWith", "chromium", "config", "emacs", "emacs-gtk", "emacs-lucid", "emacs-nox", "emacs-pgtk", "emacsPackages", "emacsPackagesFor", "emacsWithPackages", "emptyDirectory", "emptyFile", "extend",
  "appendOverlays", "babelfish", "bash-preexec", "fetchFromGitHub", "fetchurl", "fishPlugins", "fetchzip", "formats", "hostPlatform", "installShellFiles", "kdePackages", "lib", "libsForQt5", "linkFarm", "lndir", "luaPackages", "makeDesktopItem", "makeOverridable", "makeWrapper", "mesa", "neovim-unwrapped", "neovimUtils", "newScope", "nix-zsh-completions", "nixos-option",
  "nixos-render-docs", "nixosOptionsDoc", "oh-my-zsh", "zsh-history-substring-search", "nix-direnv", "zsh-powerlevel10k", "zsh-vi-mode", "zsh-you-should-use",
  "overlays", "pass", "path", "pkgs", "pkgsBuildBuild", "pkgsBuildHost", "pkgsHostTarget", "python3", "python3Packages", "qt5", "qt6", "qt6Packages", "replaceVars", "runCommand", "runCommandCC",
  "runCommandLocal", "runCommandNoCC", "runCommandNoCCLocal", "runCommandWith", "runtimeShell", "stdenv", "stdenvNoCC",
  "substitute", "substituteAll", "sway", "symlinkJoin", "system", "targetPackages", "targetPlatform", "tmuxPlugins", "vim-full", "vim_configurable", "vimPlugins", "vimUtils", "wrapKakoune", "wrapNeovimUnstable", "wrapOBS", "writableTmpDirAsHomeHook", "writeScript", "writeScriptBin",
  "writeShellApplication", "writeShellScript", "writeShellScriptBin", "writeText", "writeTextDir", "writeTextFile", "xorg",
  // Node.js (nodejs.nix): the release builds with npm.
  ...["nodejs", "nodejs-slim", "nodejs_latest", "nodejs-slim_latest"],
  ...["20", "22", "24", "26"].flatMap((v) => [`nodejs_${v}`, `nodejs-slim_${v}`]),
  // The JDKs with their `home` (Debian's JDKs, as the provider makes them).
  ...["jdk", "jdk_headless", "openjdk", "openjdk_headless", "jre", "jre_headless"],
  ...["11", "17", "21", "25"].flatMap((v) => [`jdk${v}`, `jdk${v}_headless`, `openjdk${v}`, `openjdk${v}_headless`]),
]);

/** The programs on every builder's PATH, as nixpkgs' stdenv has them (home-manager's builders use find, sed, grep…). */
export const STDENV_TOOLS: readonly string[] = ["coreutils", "findutils", "diffutils", "gnused", "gnugrep", "gawk", "gnutar", "gzip", "bzip2", "gnumake", "patch", "xz"];

const text = (name: string) => readFileSync(join(NIXPKGS_DIR, name), "utf8");

/** Each Node.js major version nodejs.nix builds: `{ "24" = { version; npm = { version; hash; }; }; … }`. */
function nodejsReleases(): NixAttrs {
  return NixAttrs.from(
    Object.fromEntries(
      Object.entries(NODEJS_NPM).map(([major, npm]) => [
        major,
        NixAttrs.from({ version: NODEJS[`nodejs-slim_${major}`]?.version ?? "", npm: NixAttrs.from({ version: npm.version, hash: npm.integrity }) }),
      ]),
    ),
  );
}

export function nixpkgsPackageSet(o: NixpkgsOptions): NixAttrs {
  const system = typeof o.system === "string" ? ((s: string) => () => s)(o.system) : o.system;
  o.access?.allow(NIXPKGS_DIR);
  const ev = o.evaluator;
  let final: NixAttrs | undefined;
  const finalThunk = new Thunk(() => final as NixAttrs, "pkgs");
  const pkg = (name: string) => new Thunk(() => force((final as NixAttrs).lazy(name) as Lazy), `pkgs.${name}`);
  const tools = o.tools ?? { bash: pkg("bash"), initialPath: STDENV_TOOLS.map(pkg) };
  const toJSON = (ev.state.globals.get("builtins") as NixAttrs).lazy("toJSON") as Lazy;
  // An override of a prebuilt package that only adds post-install steps is built by post-installed.nix.
  const postInstalled = new Thunk(() => (force(ev.importPath(join(NIXPKGS_DIR, "post-installed.nix"))) as NixFunction).call(NixAttrs.from({ stdenv: pkg("stdenv") })), "post-installed.nix");
  const rebuild: PostInstall = (base, changes) => force((force((force(postInstalled) as NixFunction).call(base)) as NixFunction).call(changes));
  // The prebuilt packages themselves, under the names pkgs.nix gives wrappers (pkgs.chromium wraps prebuilt.chromium).
  const prebuilt = rawPackageMap(system, o.packages, rebuild);
  const args = new Thunk(
    () =>
      NixAttrs.from({
        lib: o.lib,
        system: new Thunk(system),
        pkgs: finalThunk,
        tools: NixAttrs.from({ bash: tools.bash, initialPath: [...tools.initialPath] }),
        texts: NixAttrs.from({ setup: text("setup.sh"), buildEnv: text("build-env.sh"), lndir: text("lndir.sh"), makeWrapper: text("make-wrapper.sh"), babelfish: text("babelfish.sh") }),
        render: renderFunction((v) => (force(toJSON) as NixFunction).call(v)),
        openSet: openSetFunction,
        prebuilt: new NixAttrs(prebuilt),
        path: o.path ?? null,
        config: o.config ?? NixAttrs.empty,
        overlays: [...(o.overlays ?? [])],
        // nixpkgs' appendOverlays: this set made again with more overlays after its own.
        withOverlays: new NixFunction((extra) => nixpkgsPackageSet({ ...o, overlays: [...(o.overlays ?? []), ...(force(extra) as Lazy[])] }), undefined, "appendOverlays"),
        storeDir: ev.state.store.storeDir,
        nodejsReleases: nodejsReleases(),
      }),
    "nixpkgs arguments",
  );
  const builders = new Thunk(() => (force(ev.importPath(join(NIXPKGS_DIR, "pkgs.nix"))) as NixFunction).call(args), "pkgs.nix");
  let layers = new NixAttrs(new LayeredAttrs(builders, prebuilt, BUILDER_NAMES));
  for (const overlay of o.overlays ?? []) {
    const prev = layers;
    const ext = new Thunk(() => (force((force(overlay) as NixFunction).call(finalThunk)) as NixFunction).call(prev), "overlay");
    layers = new NixAttrs(new LayeredAttrs(ext, prev.map));
  }
  final = layers;
  return final;
}
