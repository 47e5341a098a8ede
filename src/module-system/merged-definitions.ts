/**
 * The outcome of mergeDefinitions for one option: the definitions that
 * survived priorities and ordering, and the merged value and valueMeta,
 * computed when asked (one object per merge, without closures: an option
 * read makes one).
 */
import { force, NixAttrs, type Value } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import { notOfType, usedButNotDefined } from "./option-error.ts";
import { typeValue, type OptionType } from "./types/option-type.ts";
import { adhocCheckErrorOfOption } from "./types/nix-defined-type.ts";
import type { OptionPath } from "./option-path.ts";

export interface Merged {
  readonly isDefined: boolean;
  /** The definitions that survived priorities and ordering, in final order. */
  readonly defsFinal: readonly Definition[];
  readonly highestPrio: number;
  /** The merged value; throws when undefined without an empty value, or on a type error. */
  value(): Value;
  /** nixpkgs' `valueMeta`: the type's (tagged with the type) for a type judging its definitions itself, else `{ }`. */
  valueMeta(): NixAttrs;
}

/** A merge's outcome: its value and valueMeta computed when asked (one object, no closures). */
export class MergedDefinitions implements Merged {
  readonly #loc: OptionPath;
  readonly #type: OptionType;
  readonly defsFinal: readonly Definition[];
  readonly highestPrio: number;

  constructor(loc: OptionPath, type: OptionType, defsFinal: readonly Definition[], highestPrio: number) {
    this.#loc = loc;
    this.#type = type;
    this.defsFinal = defsFinal;
    this.highestPrio = highestPrio;
  }

  get isDefined(): boolean {
    return this.defsFinal.length > 0;
  }

  value(): Value {
    const loc = this.#loc;
    const type = this.#type;
    const defsFinal = this.defsFinal;
    if (defsFinal.length === 0) {
      if (type.emptyValueAt !== undefined) return type.emptyValueAt(loc);
      if (type.emptyValue !== undefined) return force(type.emptyValue.value);
      throw usedButNotDefined(loc);
    }
    if (type.v2Incoherent === true) throw adhocCheckErrorOfOption(loc, type.description);
    if (type.headError !== undefined) {
      const err = type.headError(loc, defsFinal);
      if (err !== undefined) throw notOfType(loc, type.description, err.defs, err.detail);
    } else {
      const invalid = defsFinal.filter((d) => !type.check(force(d.value)));
      if (invalid.length > 0) throw notOfType(loc, type.description, invalid);
    }
    return type.merge(loc, defsFinal);
  }

  valueMeta(): NixAttrs {
    const type = this.#type;
    if (type.v2Incoherent === true) throw adhocCheckErrorOfOption(this.#loc, type.description);
    if (type.headError === undefined) return NixAttrs.empty;
    const meta = type.valueMeta?.(this.#loc, this.defsFinal) ?? NixAttrs.empty;
    return meta.update(NixAttrs.from({ _internal: NixAttrs.from({ type: typeValue(type) }) }));
  }
}
