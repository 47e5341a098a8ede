/**
 * `openSet f`: a set that has every attribute name `f` accepts (valid Nix
 * identifiers and package names), its value `f name`, computed when first
 * asked for. pkgs.nix builds package sets of other package sets with it
 * (`python3Packages.<name>` as Debian's python3-<name>, `vimPlugins.<name>`),
 * whose names cannot all be listed (an OpenMap, as pkgs itself is).
 */
import { mkString } from "../../nix/coerce.ts";
import { LazyOpenMap } from "../../nix/open-map.ts";
import { force, NixAttrs, NixFunction, Thunk } from "../../nix/value.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_'+.-]*$/;

/** The Nix function `openSet`. */
export const openSetFunction = new NixFunction(
  (f) => new NixAttrs(new LazyOpenMap((name) => NAME.test(name), (name) => new Thunk(() => force((force(f) as NixFunction).call(mkString(name, new Set()))), name))),
  undefined,
  "openSet",
);
