/**
 * home-manager's manual page (`manual.manpages.enable`, on by default:
 * the derivation "home-configuration-reference-manpage" in
 * `home.packages`) is left out of the profiles system-manager builds.
 * Making it evaluates the documentation of every home-manager option
 * (about 9 s of CPU on each build), which also needs nixpkgs files a
 * lib-only nixpkgs lacks and packages Debian does not have; so the
 * profile is the same `buildEnv` over the other packages, and a warning
 * says what was left out and how to silence it. Only the derivation's
 * name is read: the page is never evaluated.
 */
import { force, isString, NixAttrs, NixFunction, stringText, type Lazy } from "../nix/value.ts";
import { EvalError } from "../nix/errors.ts";
import { lazyFromJS } from "../nix/js-value.ts";

export const MANUAL_PAGE = "home-configuration-reference-manpage";

/**
 * The home module system-manager adds to a real home-manager
 * configuration: `manual.manpages.enable = mkDefault false`. The page is
 * never built, and with it off `config.home.path`, which other files name
 * (fonts.fontconfig's 10-hm-fonts.conf), is the profile the build makes.
 * A configuration that enables it explicitly gets the warning below.
 */
export const MANUAL_OFF: Lazy = lazyFromJS({
  _file: "system-manager (home-manager's manual page is not built)",
  manual: { manpages: { enable: { _type: "override", priority: 1000, content: false } } },
});

export const MANUAL_LEFT_OUT =
  "home-manager's manual page (man home-configuration.nix) is not built by system-manager; it is left out of the profile. Set manual.manpages.enable = false to silence this.";

/** Whether `p` is home-manager's manual page (read by its name only). */
export function isHomeManual(p: Lazy): boolean {
  const v = force(p);
  if (!(v instanceof NixAttrs)) return false;
  const name = v.has("name") ? force(v.lazy("name") as Lazy) : undefined;
  return name !== undefined && isString(name) && stringText(name) === MANUAL_PAGE;
}

const attrs = (v: Lazy | undefined): NixAttrs | undefined => {
  const x = v === undefined ? undefined : force(v);
  return x instanceof NixAttrs ? x : undefined;
};

/**
 * A real home-manager configuration's `home.path`, or, when its packages
 * include the manual page, the same buildEnv (`pkgs.buildEnv` of the
 * given package set, else the configuration's own) without it; `left` is
 * told when something was left out.
 */
export function homePathWithoutManual(config: NixAttrs, left: () => void, givenPkgs?: Lazy): Lazy {
  const home = attrs(config.lazy("home")) as NixAttrs;
  const packages = force(home.lazy("packages") as Lazy) as Lazy[];
  const kept = packages.filter((p) => !isHomeManual(p));
  if (kept.length === packages.length) return home.lazy("path") as Lazy;
  left();
  const pkgs = attrs(givenPkgs) ?? attrs(attrs(attrs(config.lazy("_module"))?.lazy("args"))?.lazy("pkgs"));
  const buildEnv = pkgs?.has("buildEnv") === true ? force(pkgs.lazy("buildEnv") as Lazy) : undefined;
  if (!(buildEnv instanceof NixFunction)) throw new EvalError("cannot make home-manager's home.path without its manual page: its package set has no buildEnv");
  return buildEnv.call(
    NixAttrs.from({
      name: "home-manager-path",
      paths: kept,
      extraOutputsToInstall: home.lazy("extraOutputsToInstall") as Lazy,
      postBuild: home.lazy("extraProfileCommands") as Lazy,
    }),
  );
}
