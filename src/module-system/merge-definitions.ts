/**
 * `mergeDefinitions`: from the raw definitions of one option to its value.
 * discharge (mkMerge flattened, mkIf decided) → keep the definitions of the
 * highest priority (lowest number) → stable-sort by mkOrder → check the
 * definitions against the type → the type's merge.
 *
 * Better than nixpkgs: an mkIf or mkMerge inside mkOverride/mkOrder (e.g.
 * `mkForce (mkIf c x)`) is discharged too, and an mkOverride inside mkOrder
 * counts, instead of reaching the type check as a tagged set.
 */
import { force, isAttrs, NixAttrs, Thunk, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showSite, type Definition } from "./definition.ts";
import { MergedDefinitions, type Merged } from "./merged-definitions.ts";
import { defaultOrderPriority, defaultOverridePriority } from "./properties.ts";
import { OptionError } from "./option-error.ts";
import type { OptionType } from "./types/option-type.ts";
import { showOption, type OptionPath } from "./option-path.ts";

export type { Merged } from "./merged-definitions.ts";

/**
 * mkMerge and mkIf, resolved: the list of plain (or override/order wrapped)
 * values. With `intoOverrides` false an mkOverride's content is left
 * unevaluated (as nixpkgs does), so a default that loses to a definition
 * is never forced; mergeDefinitions discharges the winners' contents.
 */
export function discharge(loc: OptionPath, def: Definition, out: Definition[], intoOverrides = true, definitions = true): void {
  try {
    dischargeValue(loc, def, out, intoOverrides, definitions);
  } catch (e) {
    if (e instanceof UserError) e.withContext(`while evaluating definitions from \`${showSite(def)}':`);
    throw e;
  }
}

/** `definitions`: whether an mkDefinition here names its file (nixpkgs: not inside an mkOverride or mkOrder, where it stays a value). */
function dischargeValue(loc: OptionPath, def: Definition, out: Definition[], deep: boolean, definitions: boolean): void {
  const v = force(def.value);
  const tag = typeTag(v);
  const a = v as NixAttrs;
  if (tag === "merge") {
    const contents = force(a.lazy("contents") as Lazy);
    if (!Array.isArray(contents)) throw new OptionError(`mkMerge expects a list, in the definition of \`${showOption(loc)}'`, loc, [def]);
    for (let i = 0; i < contents.length; i++) dischargeValue(loc, { ...def, value: contents[i] as Lazy }, out, deep, definitions);
  } else if (tag === "if") {
    const cond = force(a.lazy("condition") as Lazy);
    if (typeof cond !== "boolean") throw new OptionError("‘mkIf’ called with a non-Boolean condition", loc, [def]);
    if (cond) dischargeValue(loc, { ...def, value: a.lazy("content") as Lazy }, out, deep, definitions);
  } else if (tag === "override" && !deep) {
    out.push(v === def.value ? def : { ...def, value: v });
  } else if (tag === "override" || tag === "order") {
    const inner: Definition[] = [];
    dischargeValue(loc, { ...def, value: a.lazy("content") as Lazy }, inner, deep, false);
    for (const d of inner) {
      const v = force(d.value);
      // mkOrder around mkOverride: the override goes outside, so its priority counts.
      const swapped = tag === "order" && typeTag(v) === "override";
      out.push({ ...d, value: swapped ? rewrap(v as NixAttrs, rewrap(a, (v as NixAttrs).lazy("content") as Lazy)) : rewrap(a, v) });
    }
  } else if (tag === "definition" && definitions) {
    const file = a.get("file");
    out.push({ file: typeof file === "string" ? file : def.file, value: a.lazy("value") as Lazy });
  } else {
    // The definition itself when its value is already this one (a forced thunk gives it again at once).
    out.push(v === def.value || (def.value instanceof Thunk && def.value.isForced) ? def : { ...def, value: v });
  }
}

/** The same mkOverride/mkOrder wrapper around another content (its priority left unevaluated). */
export function rewrap(wrapper: NixAttrs, content: Lazy): NixAttrs {
  const names = wrapper.keys();
  const i = names.indexOf("content");
  if (i < 0) return wrapper.update(NixAttrs.from({ content }));
  const values = wrapper.sortedValues();
  values[i] = content;
  return NixAttrs.fromArrays(names.slice(), values);
}

function wrapperPriority(v: Value, tag: string, dflt: number): number {
  if (typeTag(v) !== tag) return dflt;
  const p = (v as NixAttrs).get("priority");
  return typeof p === "bigint" ? Number(p) : typeof p === "number" ? p : dflt;
}

/** The definition inside one mkOverride (or mkOrder) wrapper, if it has one. */
export function unwrap(d: Definition, tag: "override" | "order"): Definition {
  const v = force(d.value);
  return typeTag(v) === tag ? { ...d, value: (v as NixAttrs).lazy("content") as Lazy } : d;
}

/** nixpkgs' `highestPrio` of some definitions: their overrides' lowest priority, the overrides' contents left unevaluated. */
export function overridesHighestPrio(loc: OptionPath, defs: readonly Definition[]): number {
  const discharged: Definition[] = [];
  for (const d of defs) discharge(loc, d, discharged, false);
  let highest = 9999;
  for (const d of discharged) highest = Math.min(highest, wrapperPriority(force(d.value), "override", defaultOverridePriority));
  return highest;
}

export function mergeDefinitions(loc: OptionPath, type: OptionType, defs: readonly Definition[]): Merged {
  const discharged: Definition[] = [];
  for (let i = 0; i < defs.length; i++) discharge(loc, defs[i] as Definition, discharged, false);

  // The highest priority wins; its overrides' contents are discharged only now, and a
  // priority whose definitions all vanish there (mkForce (mkIf false …)) gives way to the next.
  // Without any override, every definition has the default priority and is kept, in order.
  // Every priority is read first (as nixpkgs), in order; the lowest number is the highest priority.
  let overrides = false;
  let orders = false;
  let first: number | undefined;
  for (let i = 0; i < discharged.length; i++) {
    const v = force((discharged[i] as Definition).value);
    const tag = typeTag(v);
    if (tag === "override") overrides = true;
    else if (tag === "order") orders = true;
    const p = tag === "override" ? overridePriority(v) : defaultOverridePriority;
    if (p > -Infinity && (first === undefined || p < first)) first = p;
  }
  let highestPrio = 9999;
  let kept: Definition[] = discharged;
  if (overrides) ({ highestPrio, kept } = highestPriority(loc, discharged, first));
  else if (discharged.length > 0) highestPrio = defaultOverridePriority;

  let defsFinal: Definition[] = kept;
  if ((overrides || orders) && kept.some((d) => typeTag(force(d.value)) === "order")) {
    defsFinal = kept
      .map((d, i) => ({ def: unwrap(d, "order"), prio: wrapperPriority(force(d.value), "order", defaultOrderPriority), i }))
      .sort((a, b) => a.prio - b.prio || a.i - b.i)
      .map((x) => x.def);
  }
  return new MergedDefinitions(loc, type, defsFinal, highestPrio);
}

/**
 * The definitions of the highest priority among some discharged ones (their overrides' contents
 * discharged), and that priority, trying each priority from `first` (the highest) down.
 */
function highestPriority(loc: OptionPath, discharged: readonly Definition[], first: number | undefined): { highestPrio: number; kept: Definition[] } {
  let level = first;
  while (level !== undefined) {
    const kept: Definition[] = [];
    for (let i = 0; i < discharged.length; i++) {
      const d = discharged[i] as Definition;
      const v = force(d.value);
      if (overridePriority(v) !== level) continue;
      if (typeTag(v) === "override") discharge(loc, unwrap(d, "override"), kept, false, false);
      else kept.push(d);
    }
    if (kept.length > 0) return { highestPrio: level, kept };
    level = nextPriority(discharged, level);
  }
  return { highestPrio: 9999, kept: [] };
}

function overridePriority(v: Value): number {
  return wrapperPriority(v, "override", defaultOverridePriority);
}

/** The lowest override priority of some definitions above `after`, or undefined. */
function nextPriority(defs: readonly Definition[], after: number): number | undefined {
  let next: number | undefined;
  for (let i = 0; i < defs.length; i++) {
    const p = overridePriority(force((defs[i] as Definition).value));
    if (p > after && (next === undefined || p < next)) next = p;
  }
  return next;
}

/** True for an attribute set tagged `_type = "option"` (an mkOption result). */
export function isOption(v: Value): v is NixAttrs {
  return isAttrs(v) && typeTag(v) === "option";
}
