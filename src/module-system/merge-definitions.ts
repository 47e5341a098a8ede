/**
 * `mergeDefinitions`: from the raw definitions of one option to its value.
 * discharge (mkMerge flattened, mkIf decided) → keep the definitions of the
 * highest priority (lowest number) → stable-sort by mkOrder → check every
 * value against the type → the type's merge.
 */
import { force, isAttrs, NixAttrs, typeTag, type Lazy, type Value } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import { defaultOrderPriority, defaultOverridePriority } from "./properties.ts";
import { notOfType, OptionError, usedButNotDefined } from "./option-error.ts";
import type { OptionType } from "./types/option-type.ts";
import { showOption, type OptionPath } from "./option-path.ts";

export interface Merged {
  readonly isDefined: boolean;
  /** The definitions that survived priorities and ordering, in final order. */
  readonly defsFinal: readonly Definition[];
  readonly highestPrio: number;
  /** The merged value; throws when undefined without an empty value, or on a type error. */
  readonly value: () => Value;
}

/** mkMerge and mkIf, resolved: the list of plain (or override/order wrapped) values. */
export function discharge(loc: OptionPath, def: Definition, out: Definition[]): void {
  const v = force(def.value);
  const tag = typeTag(v);
  if (tag === "merge") {
    const contents = force((v as NixAttrs).lazy("contents") as Lazy);
    if (!Array.isArray(contents)) throw new OptionError(`mkMerge expects a list, in the definition of \`${showOption(loc)}'`, loc, [def]);
    for (const c of contents) discharge(loc, { ...def, value: c }, out);
  } else if (tag === "if") {
    const cond = force((v as NixAttrs).lazy("condition") as Lazy);
    if (typeof cond !== "boolean") {
      throw new OptionError(`‘mkIf’ called with a non-Boolean condition, in the definition of \`${showOption(loc)}'`, loc, [def]);
    }
    if (cond) discharge(loc, { ...def, value: (v as NixAttrs).lazy("content") as Lazy }, out);
  } else if (tag === "definition") {
    const a = v as NixAttrs;
    const file = a.get("file");
    out.push({ file: typeof file === "string" ? file : def.file, value: a.lazy("value") as Lazy });
  } else {
    out.push({ ...def, value: v });
  }
}

function wrapperPriority(v: Value, tag: string, dflt: number): number {
  if (typeTag(v) !== tag) return dflt;
  const p = (v as NixAttrs).get("priority");
  return typeof p === "bigint" ? Number(p) : typeof p === "number" ? p : dflt;
}

export function mergeDefinitions(loc: OptionPath, type: OptionType, defs: readonly Definition[]): Merged {
  const discharged: Definition[] = [];
  for (const d of defs) discharge(loc, d, discharged);

  let highestPrio = 9999;
  for (const d of discharged) highestPrio = Math.min(highestPrio, wrapperPriority(force(d.value), "override", defaultOverridePriority));
  const kept: Definition[] = [];
  for (const d of discharged) {
    const v = force(d.value);
    if (wrapperPriority(v, "override", defaultOverridePriority) !== highestPrio) continue;
    kept.push(typeTag(v) === "override" ? { ...d, value: (v as NixAttrs).lazy("content") as Lazy } : d);
  }

  let defsFinal: Definition[] = kept;
  if (kept.some((d) => typeTag(force(d.value)) === "order")) {
    defsFinal = kept
      .map((d, i) => {
        const v = force(d.value);
        const prio = wrapperPriority(v, "order", defaultOrderPriority);
        const def = typeTag(v) === "order" ? { ...d, value: (v as NixAttrs).lazy("content") as Lazy } : d;
        return { def, prio, i };
      })
      .sort((a, b) => a.prio - b.prio || a.i - b.i)
      .map((x) => x.def);
  }

  const isDefined = defsFinal.length > 0;
  return {
    isDefined,
    defsFinal,
    highestPrio,
    value: () => {
      if (isDefined) {
        const invalid = defsFinal.filter((d) => !type.check(force(d.value)));
        if (invalid.length > 0) throw notOfType(loc, type.description, invalid);
        return type.merge(loc, defsFinal);
      }
      if (type.emptyValue !== undefined) return force(type.emptyValue.value);
      throw usedButNotDefined(loc);
    },
  };
}

/** True for an attribute set tagged `_type = "option"` (an mkOption result). */
export function isOption(v: Value): v is NixAttrs {
  return isAttrs(v) && typeTag(v) === "option";
}
