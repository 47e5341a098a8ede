/**
 * A fetched home-manager flake as the user's flake sees it: the same
 * outputs, except that `lib.homeManagerConfiguration` adds system-manager's
 * home defaults (src/home/home-defaults.ts) to the configuration's modules.
 * They have to be there from the start: the configuration it returns
 * checks home-manager's assertions as soon as any of its attributes is
 * read, so extending it afterwards (its `extendModules`) would come too
 * late for a default that keeps an assertion from firing. Any flake input
 * whose `lib` has a `homeManagerConfiguration` taking `modules` is taken
 * for home-manager; everything stays lazy.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy } from "../nix/value.ts";
import { HOME_DEFAULTS } from "../home/home-defaults.ts";

function withDefaults(hmc: NixFunction): NixFunction {
  return new NixFunction((arg) => {
    const args = force(arg);
    if (!(args instanceof NixAttrs)) return hmc.call(arg);
    const modules = new Thunk(() => {
      const given = args.has("modules") ? force(args.lazy("modules") as Lazy) : [];
      return Array.isArray(given) ? [...given, ...HOME_DEFAULTS] : given;
    }, "modules");
    return hmc.call(args.update(NixAttrs.from({ modules })));
  }, hmc.formals, hmc.name);
}

/** `flake` with its lib's homeManagerConfiguration adding the home defaults, when it has one. */
export function withHomeDefaults(flake: NixAttrs): NixAttrs {
  if (!flake.has("lib")) return flake;
  const lib = new Thunk(() => {
    const l = force(flake.lazy("lib") as Lazy);
    if (!(l instanceof NixAttrs) || !l.has("homeManagerConfiguration")) return l;
    const hmc = force(l.lazy("homeManagerConfiguration") as Lazy);
    const takesModules = hmc instanceof NixFunction && (hmc.formals === undefined || hmc.formals.names.has("modules") || hmc.formals.ellipsis);
    return takesModules ? l.update(NixAttrs.from({ homeManagerConfiguration: withDefaults(hmc) })) : l;
  }, "lib");
  return flake.update(NixAttrs.from({ lib }));
}
