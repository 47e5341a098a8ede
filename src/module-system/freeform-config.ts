/**
 * The configuration value of an evaluation: the declared options' values,
 * and, when `_module.freeformType` is set, every undeclared definition
 * merged through that type underneath them (nixpkgs: `recursiveUpdate
 * freeformConfig declaredConfig`, so declared values win).
 */
import { force, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { recursiveUpdate, setAttrByPath } from "../nix/attr-paths.ts";
import type { Definition } from "./definition.ts";
import type { OptionLevel } from "./option-tree.ts";
import { unmatched } from "./unmatched.ts";
import { typeFromValue } from "./types/option-type.ts";
import { defaultModuleSettings } from "./module-settings.ts";

/** Declared values, with unmatched definitions merged through the freeform type when there is one. */
export function fullConfig(tree: OptionLevel): Value {
  const declared = tree.config();
  if (defaultModuleSettings(tree)) return declared;
  const module = force(declared.lazy("_module") as Lazy) as NixAttrs;
  const freeform = module.get("freeformType");
  if (freeform === null || freeform === undefined) return declared;
  const type = typeFromValue(freeform, "`_module.freeformType'");
  const defs: Definition[] = unmatched(tree).flatMap((u) => u.defs.map((d) => ({ ...d, value: setAttrByPath(u.path, d.value) })));
  if (defs.length === 0) return declared;
  const free = force(type.merge(tree.loc, defs));
  if (!(free instanceof NixAttrs)) return declared;
  return recursiveUpdate(free, declared);
}
