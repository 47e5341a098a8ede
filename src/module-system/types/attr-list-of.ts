/**
 * `attrListOf t` and `attrListWith { elemType; asAttrs; mergeAttrValues; }`:
 * an ordered list of single-attribute sets (`[ { a = 1; } { b = 2; } ]`),
 * defined as such a list or as a set whose values may carry mkOrder. Items
 * are ordered by their mkOrder priority; per name only the items of the
 * highest mkOverride priority stay; each item's value is merged as a `t`.
 * With asAttrs the value is the items zipped into one set (mergeAttrValues
 * combines a name's values, a list of them by default). Two declarations
 * of such an option do not merge. Its valueMeta has each element's
 * valueMeta, the ordered items, and each item as an ordered definition.
 */
import { force, NixAttrs, Thunk, typeOf, typeTag, type Lazy, type Value } from "../../nix/value.ts";
import { zipAttrsWith } from "../../nix/attr-paths.ts";
import { showDefs, type Definition } from "../definition.ts";
import { mergeDefinitions, type Merged } from "../merge-definitions.ts";
import { OptionError } from "../option-error.ts";
import { defaultOrderPriority, defaultOverridePriority, mkDefinition, mkOrder, mkOverride } from "../properties.ts";
import { showOption, type OptionPath } from "../option-path.ts";
import { checkHeadError, optionDescriptionPhrase, type OptionType } from "./option-type.ts";

export interface AttrListOptions {
  readonly elemType: OptionType;
  readonly asAttrs?: boolean;
  /** Combines the values one name has, with asAttrs (default: the list of them). */
  readonly mergeAttrValues?: (name: string, values: Lazy[]) => Lazy;
}

interface Item {
  readonly file: string;
  readonly key: string;
  readonly value: Lazy;
  readonly prio: () => number;
  readonly overridePrio: number;
}

/** An item that stays: its merge, and its single-attribute set in the value. */
interface Evaluated {
  readonly key: string;
  readonly file: string;
  readonly prio: number;
  readonly merged: Merged;
  readonly item: NixAttrs;
}

const isCollection = (v: Value) => Array.isArray(v) || v instanceof NixAttrs;

export const attrListOf = (elemType: OptionType): OptionType => attrListWith({ elemType });

export function attrListWith(opts: AttrListOptions): OptionType {
  const { elemType, asAttrs = false } = opts;
  // The items of one merge, each merged once (for the value, and for what else a merge tells).
  const evaluated = new WeakMap<readonly Definition[], Evaluated[]>();
  const evals = (loc: OptionPath, defs: readonly Definition[]): Evaluated[] => {
    const known = evaluated.get(defs);
    if (known !== undefined) return known;
    const all = defs.flatMap((d) => itemsOf(loc, self.description, d));
    const winning = new Map<string, number>();
    for (const it of all) if (it.overridePrio < (winning.get(it.key) ?? defaultOverridePriority)) winning.set(it.key, it.overridePrio);
    const kept = all.filter((it) => it.overridePrio === (winning.get(it.key) ?? defaultOverridePriority)).map((it) => ({ it, prio: it.prio() }));
    const r: Evaluated[] = [];
    for (const { it, prio } of kept.sort((a, b) => a.prio - b.prio)) {
      const itemLoc = [...loc, it.key];
      const merged = mergeDefinitions(itemLoc, elemType, [{ file: it.file, value: it.value }]);
      if (merged.isDefined) r.push({ key: it.key, file: it.file, prio, merged, item: NixAttrs.from({ [it.key]: new Thunk(() => merged.value(), () => showOption(itemLoc)) }) });
    }
    evaluated.set(defs, r);
    return r;
  };
  const self: OptionType = {
    name: "attrListOf",
    get description() {
      return `attribute list of ${optionDescriptionPhrase((c) => c === "noun" || c === "composite", elemType)}`;
    },
    descriptionClass: "composite",
    check: isCollection,
    headError: checkHeadError(isCollection),
    merge(loc, defs) {
      const list = evals(loc, defs).map((e) => e.item);
      if (!asAttrs) return list;
      const combine = opts.mergeAttrValues ?? ((_n: string, vs: Lazy[]) => vs);
      return zipAttrsWith(combine, list);
    },
    // Per item: its element's valueMeta; the ordered items (the value, with asAttrs, is a set); and each as a definition keeping its file and order.
    valueMeta: (loc, defs) => {
      const es = evals(loc, defs);
      return NixAttrs.from({
        attrList: es.map((e) => new Thunk(() => e.merged.valueMeta())),
        attrListValue: es.map((e) => e.item),
        definitions: es.map((e) => mkDefinition(e.file, mkOrder(e.prio, e.item))),
      });
    },
    emptyValue: { value: asAttrs ? NixAttrs.empty : [] },
    nestedTypes: { elemType },
    get subModules() {
      return elemType.subModules;
    },
    substSubModules: (m) => attrListWith({ ...opts, elemType: elemType.substSubModules?.(m) ?? elemType }),
    getSubOptions: elemType.getSubOptions === undefined ? undefined : (prefix) => elemType.getSubOptions!([...prefix, "*"]),
    typeMerge: () => undefined,
  };
  return self;
}

const priority = (v: NixAttrs) => Number(force(v.lazy("priority") as Lazy));

/**
 * mkOrder and mkOverride around a value, in any nesting: the order is taken off, the override kept
 * on the value. Only the outer override's priority is read at once: what an override that loses
 * wraps is never evaluated.
 */
function peel(value: Lazy): Peeled {
  const v = force(value);
  const tag = typeTag(v);
  if (tag !== "order" && tag !== "override") return { value, prio: () => defaultOrderPriority, overridePrio: defaultOverridePriority };
  let inner: Peeled | undefined;
  const content = () => (inner ??= peel((v as NixAttrs).lazy("content") as Lazy));
  if (tag === "order") return { value: new Thunk(() => force(content().value)), prio: () => priority(v as NixAttrs), overridePrio: content().overridePrio };
  const p = priority(v as NixAttrs);
  return { value: mkOverride(p, new Thunk(() => force(content().value))), prio: () => content().prio(), overridePrio: p };
}

interface Peeled {
  readonly value: Lazy;
  readonly prio: () => number;
  readonly overridePrio: number;
}

/** One definition's items: a list's single-attribute sets (each may be an mkOrder), or a set's attributes. */
function itemsOf(loc: OptionPath, description: string, def: Definition): Item[] {
  const v = force(def.value);
  if (v instanceof NixAttrs) return v.keys().map((key) => ({ ...peel(v.lazy(key) as Lazy), file: def.file, key }));
  return (v as Lazy[]).map((raw) => {
    const r = force(raw);
    const ordered = typeTag(r) === "order";
    const item = ordered ? force((r as NixAttrs).lazy("content") as Lazy) : r;
    if (!(item instanceof NixAttrs) || item.size !== 1) {
      const why =
        item instanceof NixAttrs
          ? `Each list element must be a single-key attribute set, but got ${item.size} keys`
          : `Each list element must be an attribute set, but got ${typeOf(item)}`;
      const shown = { file: def.file, value: raw };
      throw new OptionError(`A definition for option \`${showOption(loc)}' is not of type \`${description}'. ${why}.${showDefs([shown])}`, loc, [shown]);
    }
    const key = item.keys()[0] as string;
    const peeled = peel(item.lazy(key) as Lazy);
    return { ...peeled, file: def.file, key, prio: ordered ? () => priority(r as NixAttrs) : peeled.prio };
  });
}
