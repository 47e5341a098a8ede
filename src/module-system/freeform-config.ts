/**
 * The configuration value of an evaluation: the declared options' values,
 * and, when `_module.freeformType` is set, every undeclared definition
 * merged through that type underneath them (nixpkgs: `recursiveUpdate
 * freeformConfig declaredConfig`, so declared values win).
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import type { OptionLevel } from "./option-tree.ts";
import type { OptionPath } from "./option-path.ts";
import { typeFromValue } from "./types/option-type.ts";

/** Declared values, with unmatched definitions merged through the freeform type when there is one. */
export function fullConfig(tree: OptionLevel): Value {
  const declared = tree.config();
  const module = force(declared.lazy("_module") as Lazy) as NixAttrs;
  const freeform = module.get("freeformType");
  if (freeform === null || freeform === undefined) return declared;
  const type = typeFromValue(freeform, "`_module.freeformType'");
  const defs: Definition[] = tree.unmatched().flatMap((u) => u.defs.map((d) => ({ ...d, value: setAttrByPath(u.path, d.value) })));
  if (defs.length === 0) return declared;
  const free = force(type.merge(tree.loc, defs));
  if (!(free instanceof NixAttrs)) return declared;
  return recursiveUpdate(free, declared);
}

function setAttrByPath(path: OptionPath, value: Lazy): NixAttrs {
  let v: Lazy = value;
  for (let i = path.length - 1; i >= 0; i--) v = new NixAttrs(new Map([[path[i] as string, v]]));
  return v as NixAttrs;
}

/** Declared values win; sets on both sides merge recursively (forcing only their structure). */
function recursiveUpdate(base: NixAttrs, over: NixAttrs): NixAttrs {
  const map = new Map(base.map);
  for (const [k, v] of over.map) {
    const b = map.get(k);
    if (b === undefined) {
      map.set(k, v);
      continue;
    }
    map.set(
      k,
      new Thunk(() => {
        const bv = force(b);
        const ov = force(v);
        return bv instanceof NixAttrs && ov instanceof NixAttrs ? recursiveUpdate(bv, ov) : ov;
      }),
    );
  }
  return new NixAttrs(map);
}
