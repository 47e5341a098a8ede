/**
 * A level's definitions grouped by attribute name: each definition (a set,
 * pushed down already) gives one definition per attribute, with its file
 * and the attribute's position (or the definition's). Declared names are
 * grouped by their index in the declarations' layout, in an array; only
 * undeclared names get a map. Array-backed sets are read in place.
 */
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import type { Layout } from "../nix/attrs-layout.ts";
import type { Span } from "../diagnostics/location.ts";
import type { Definition } from "./definition.ts";

export interface Grouped {
  /** Definitions of the declared name at each layout index (undefined: none). */
  readonly declared: (Definition[] | undefined)[];
  /** Definitions of names the layout does not have. */
  readonly undeclared: Map<string, Definition[]> | undefined;
}

export function groupDefinitions(defs: readonly Definition[], layout: Layout): Grouped {
  const declared = new Array<Definition[] | undefined>(layout.names.length);
  let undeclared: Map<string, Definition[]> | undefined;
  const add = (def: Definition, name: string, value: Lazy, pos: Span | undefined) => {
    const d: Definition = pos === undefined ? { file: def.file, value } : { file: def.file, pos, value };
    const i = layout.indexOf(name);
    const list = i >= 0 ? declared[i] : undeclared?.get(name);
    if (list !== undefined) list.push(d);
    else if (i >= 0) declared[i] = [d];
    else (undeclared ??= new Map()).set(name, [d]);
  };
  for (let d = 0; d < defs.length; d++) {
    const def = defs[d] as Definition;
    const set = force(def.value) as NixAttrs;
    const from = set.layout;
    if (from === undefined) {
      set.map.forEach((value, name) => add(def, name, value, set.pos?.get(name) ?? def.pos));
      continue;
    }
    const names = from.names;
    const values = set.valuesInOrder();
    for (let i = 0; i < names.length; i++) add(def, names[i] as string, values[i] as Lazy, from.spanAt(i) ?? def.pos);
  }
  return { declared, undeclared };
}
