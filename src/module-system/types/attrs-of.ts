/**
 * Attribute-set types. `attrsOf t` merges per attribute (priorities and mkIf
 * apply to each one) and drops attributes left without a definition, which
 * forces their mkIf conditions (not their values); `lazyAttrsOf t` keeps
 * every key and merges a value only when it is read; `attrs` is a shallow
 * `//` of all definitions (later ones win).
 */
import { force, isAttrs, NixAttrs, Thunk, type Lazy } from "../../nix/value.ts";
import type { Definition } from "../definition.ts";
import { mergeDefinitions, type Merged } from "../merge-definitions.ts";
import { checkHeadError, optionDescriptionPhrase, type OptionType } from "./option-type.ts";
import { showOption, type OptionPath } from "../option-path.ts";
import { notOfType } from "../option-error.ts";
import type { Span } from "../../diagnostics/location.ts";

/**
 * Groups the attributes of every definition by name, keeping each one's file and position.
 * An array-backed set is read in place (asking for its `map` would make one and keep it on the set).
 */
export function defsByName(defs: readonly Definition[]): Map<string, Definition[]> {
  const byName = new Map<string, Definition[]>();
  const add = (def: Definition, name: string, value: Lazy, pos: Span | undefined) => {
    const d: Definition = pos === undefined ? { file: def.file, value } : { file: def.file, pos, value };
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [d]);
    else list.push(d);
  };
  for (const def of defs) {
    const set = force(def.value) as NixAttrs;
    const layout = set.layout;
    if (layout === undefined) {
      for (const [name, value] of set.map) add(def, name, value, set.pos?.get(name) ?? def.pos);
      continue;
    }
    const names = layout.names;
    const values = set.valuesInOrder();
    for (let i = 0; i < names.length; i++) add(def, names[i] as string, values[i] as Lazy, layout.spanAt(i) ?? def.pos);
  }
  return byName;
}

interface AttrEval {
  readonly loc: OptionPath;
  /** Made when first asked for under lazyAttrsOf (a merge discharges the definitions' mkIfs). */
  readonly merged: () => Merged;
  readonly pos: Span | undefined;
}

/**
 * nixpkgs `attrsWith { elemType; lazy; placeholder; }`: `placeholder` names
 * the attribute in sub-option paths (`<name>` by default).
 */
export function attrsWith(elemType: OptionType, lazy: boolean, placeholder = "name"): OptionType {
  const name = lazy ? "lazyAttrsOf" : "attrsOf";
  // Each attribute merged once, for the value and for its valueMeta (a submodule's evaluation).
  // lazyAttrsOf keeps every name; attrsOf drops those left undefined (deciding it forces their mkIfs).
  const evaluated = new WeakMap<readonly Definition[], Map<string, AttrEval>>();
  const evals = (loc: OptionPath, defs: readonly Definition[]) => {
    let r = evaluated.get(defs);
    if (r !== undefined) return r;
    // Called directly (not through mergeDefinitions), the merge may meet definitions it rejects.
    const rejected = defs.filter((d) => !isAttrs(force(d.value)));
    if (rejected.length > 0) throw notOfType(loc, self.description, rejected);
    r = new Map();
    for (const [attr, attrDefs] of defsByName(defs)) {
      const attrLoc = [...loc, attr];
      let merged: Merged | undefined = lazy ? undefined : mergeDefinitions(attrLoc, elemType, attrDefs);
      if (merged !== undefined && !merged.isDefined) continue;
      const get = () => (merged ??= mergeDefinitions(attrLoc, elemType, attrDefs));
      r.set(attr, { loc: attrLoc, merged: get, pos: attrDefs.find((d) => d.pos !== undefined)?.pos });
    }
    evaluated.set(defs, r);
    return r;
  };
  const self: OptionType = {
    name,
    get description() {
      return `${lazy ? "lazy " : ""}attribute set of ${optionDescriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`;
    },
    descriptionClass: "composite",
    check: isAttrs,
    headError: checkHeadError(isAttrs),
    merge(loc: OptionPath, defs) {
      const map = new Map<string, Lazy>();
      const pos = new Map<string, Span>();
      for (const [attr, e] of evals(loc, defs)) {
        map.set(attr, new Thunk(() => e.merged().value(), () => showOption(e.loc)));
        if (e.pos !== undefined) pos.set(attr, e.pos);
      }
      return new NixAttrs(map, pos);
    },
    valueMeta(loc, defs) {
      const attrs = new Map<string, Lazy>();
      for (const [attr, e] of evals(loc, defs)) attrs.set(attr, new Thunk(() => e.merged().valueMeta()));
      return NixAttrs.from({ attrs: new NixAttrs(attrs) });
    },
    emptyValue: { value: NixAttrs.empty },
    nestedTypes: { elemType },
    get subModules() {
      return elemType.subModules;
    },
    placeholder,
    substSubModules: (m) => attrsWith(elemType.substSubModules?.(m) ?? elemType, lazy, placeholder),
    getSubOptions: elemType.getSubOptions === undefined ? undefined : (prefix) => elemType.getSubOptions!([...prefix, `<${placeholder}>`]),
    typeMerge(other) {
      if (other.name !== name) return undefined;
      // Two placeholders merge when equal, or when one is the default `name`.
      const theirs = other.placeholder ?? "name";
      const merged = elemType.typeMerge(other.nestedTypes.elemType as OptionType);
      const p = theirs === placeholder || theirs === "name" ? placeholder : placeholder === "name" ? theirs : undefined;
      return merged === undefined || p === undefined ? undefined : attrsWith(merged, lazy, p);
    },
  };
  return self;
}

export const attrsOf = (elemType: OptionType) => attrsWith(elemType, false);
export const lazyAttrsOf = (elemType: OptionType) => attrsWith(elemType, true);

export const attrs: OptionType = {
  name: "attrs",
  description: "attribute set",
  check: isAttrs,
  merge: (_loc, defs) => defs.reduce((acc, d) => acc.update(force(d.value) as NixAttrs), NixAttrs.empty),
  emptyValue: { value: NixAttrs.empty },
  nestedTypes: {},
  typeMerge: (o) => (o.name === "attrs" ? attrs : undefined),
};
