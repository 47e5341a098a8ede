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
import { childPath, showOption, type OptionPath } from "../option-path.ts";
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

/** One attribute of a merge: its definitions, merged once (made when first asked for under lazyAttrsOf: a merge discharges the definitions' mkIfs). */
class AttrEval {
  readonly attr: string;
  readonly loc: OptionPath;
  readonly #type: OptionType;
  readonly #defs: readonly Definition[];
  #merged: Merged | undefined;

  constructor(attr: string, loc: OptionPath, type: OptionType, defs: readonly Definition[], merged: Merged | undefined) {
    this.attr = attr;
    this.loc = loc;
    this.#type = type;
    this.#defs = defs;
    this.#merged = merged;
  }

  merged(): Merged {
    return (this.#merged ??= mergeDefinitions(this.loc, this.#type, this.#defs));
  }

  /** The first definition's position that has one. */
  get pos(): Span | undefined {
    return this.#defs.find((d) => d.pos !== undefined)?.pos;
  }
}

/**
 * nixpkgs `attrsWith { elemType; lazy; placeholder; }`: `placeholder` names
 * the attribute in sub-option paths (`<name>` by default).
 */
export function attrsWith(elemType: OptionType, lazy: boolean, placeholder = "name"): OptionType {
  const name = lazy ? "lazyAttrsOf" : "attrsOf";
  // Each attribute merged once, for the value and for its valueMeta (a submodule's evaluation).
  // lazyAttrsOf keeps every name; attrsOf drops those left undefined (deciding it forces their mkIfs).
  const evaluated = new WeakMap<readonly Definition[], AttrEval[]>();
  const evals = (loc: OptionPath, defs: readonly Definition[]) => {
    let r = evaluated.get(defs);
    if (r !== undefined) return r;
    // Called directly (not through mergeDefinitions), the merge may meet definitions it rejects.
    const rejected = defs.filter((d) => !isAttrs(force(d.value)));
    if (rejected.length > 0) throw notOfType(loc, self.description, rejected);
    const kept: AttrEval[] = [];
    // forEach, not for…of: no entry array per attribute.
    defsByName(defs).forEach((attrDefs, attr) => {
      const attrLoc = childPath(loc, attr);
      const merged = lazy ? undefined : mergeDefinitions(attrLoc, elemType, attrDefs);
      if (merged === undefined || merged.isDefined) kept.push(new AttrEval(attr, attrLoc, elemType, attrDefs, merged));
    });
    evaluated.set(defs, kept);
    return kept;
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
      const es = evals(loc, defs);
      for (let i = 0; i < es.length; i++) {
        const e = es[i] as AttrEval;
        map.set(e.attr, new Thunk(() => e.merged().value(), () => showOption(e.loc)));
        const at = e.pos;
        if (at !== undefined) pos.set(e.attr, at);
      }
      return new NixAttrs(map, pos);
    },
    valueMeta(loc, defs) {
      const attrs = new Map<string, Lazy>();
      const es = evals(loc, defs);
      for (let i = 0; i < es.length; i++) {
        const e = es[i] as AttrEval;
        attrs.set(e.attr, new Thunk(() => e.merged().valueMeta()));
      }
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
