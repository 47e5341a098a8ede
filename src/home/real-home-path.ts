/**
 * The real home-manager's `home.path` (its `pkgs.buildEnv` over
 * `home.packages`, with extraOutputsToInstall and extraProfileCommands),
 * realised into the user's store as a system build realises what its
 * configuration names: realiseStorePaths runs the builders, the package
 * session realises the Debian packages. One default package cannot be
 * built here: home-manager's manual page (manual.manpages.enable, on by
 * default) needs nixpkgs' nixosOptionsDoc; when it fails to evaluate it is
 * left out of the profile, with a warning, and the profile is the same
 * buildEnv (the evaluation's `pkgs.buildEnv`) over the other packages.
 */
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, NixFunction, type Lazy } from "../nix/value.ts";
import { realiseReferences, type HomeRealisation } from "./home-packages.ts";

const MANUAL_PAGE = "home-configuration-reference-manpage";

const attr = (v: Lazy | undefined, name: string): Lazy | undefined => {
  const x = v === undefined ? undefined : force(v);
  return x instanceof NixAttrs ? x.lazy(name) : undefined;
};

/** Whether `p` is home-manager's manual page and cannot be instantiated here. */
function unbuildableManual(p: Lazy): boolean {
  const v = force(p);
  if (!(v instanceof NixAttrs) || toJS(v.lazy("name") as Lazy) !== MANUAL_PAGE) return false;
  try {
    toJS(v.lazy("outPath") as Lazy);
    return false;
  } catch {
    return true;
  }
}

/** `home.path`, or the same buildEnv without an unbuildable manual page. */
function homePathValue(config: NixAttrs, pkgs: Lazy | undefined, warn: (m: string) => void): Lazy {
  const home = config.get("home") as NixAttrs;
  const packages = force(home.lazy("packages") as Lazy) as Lazy[];
  const kept = packages.filter((p) => !unbuildableManual(p));
  if (kept.length === packages.length) return home.lazy("path") as Lazy;
  warn("home-manager's manual page (manual.manpages.enable) cannot be built here: it needs nixpkgs' nixosOptionsDoc. It is left out of the profile; set manual.manpages.enable = false to silence this.");
  const buildEnv = force(attr(pkgs, "buildEnv") as Lazy) as NixFunction;
  return buildEnv.call(
    NixAttrs.from({
      name: "home-manager-path",
      paths: kept,
      extraOutputsToInstall: home.lazy("extraOutputsToInstall") as Lazy,
      postBuild: home.lazy("extraProfileCommands") as Lazy,
    }),
  );
}

/** The real home-manager's home-path realised; undefined without a package session. */
export async function realiseRealHomePath(r: HomeRealisation, config: NixAttrs, pkgs: Lazy | undefined, warn: (m: string) => void): Promise<string | undefined> {
  if (r.packages === undefined) return undefined;
  const homePath = homePathValue(config, pkgs, warn);
  const out = String(toJS((force(homePath) as NixAttrs).lazy("outPath") as Lazy));
  await realiseReferences(r, [homePath]);
  return out;
}
