/**
 * The real home-manager's `home.path` (its `pkgs.buildEnv` over
 * `home.packages`, with extraOutputsToInstall and extraProfileCommands),
 * realised into the user's store as a system build realises what its
 * configuration names: realiseStorePaths runs the builders, the package
 * session realises the Debian packages. home-manager's manual page is
 * left out, with a warning, as for a system's users (home-manual.ts).
 */
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { realiseReferences, type HomeRealisation } from "./home-packages.ts";
import { homePathWithoutManual, MANUAL_LEFT_OUT } from "./home-manual.ts";

/** The real home-manager's home-path realised; undefined without a package session. */
export async function realiseRealHomePath(r: HomeRealisation, config: NixAttrs, pkgs: Lazy | undefined, warn: (m: string) => void): Promise<string | undefined> {
  if (r.packages === undefined) return undefined;
  const homePath = homePathWithoutManual(config, () => warn(MANUAL_LEFT_OUT), pkgs);
  const out = String(toJS((force(homePath) as NixAttrs).lazy("outPath") as Lazy));
  await realiseReferences(r, [homePath]);
  return out;
}
