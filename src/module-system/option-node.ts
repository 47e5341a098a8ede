/**
 * A declared name of one evaluation (an OptionLevel's node): its option or
 * nested level, made on first use. The value of an option that is not
 * read-only (with or without `apply`) is computed without an
 * EvaluatedOption (two closures, a thunk and a label fewer per option read:
 * 10,000 home.file entries read some 80,000) and kept here, until
 * something asks for the option itself, which then gets that very value. A cycle, an error's context and a stack
 * overflow are reported as the option's value thunk reports them.
 */
import { force, isStackOverflow, StackOverflowError, Thunk, type Value } from "../nix/value.ts";
import { InfiniteRecursionError } from "../nix/errors.ts";
import { UserError } from "../diagnostics/user-error.ts";
import type { Definition } from "./definition.ts";
import type { OptionDeclaration } from "./option-declaration.ts";
import { EvaluatedOption, knownDefault, optionValue } from "./evaluated-option.ts";
import type { Merged } from "./merge-definitions.ts";
import { childPath, showOption } from "./option-path.ts";
import { OptionLevel, type TreeNode } from "./option-tree.ts";

/** Marks a node whose value optionValue is computing (a read of it meanwhile is a cycle). */
const COMPUTING: unique symbol = Symbol("computing");

export class OptionNode implements TreeNode {
  readonly #parent: OptionLevel;
  /** The name's index in the parent's declarations layout (which has the name: a node keeps no more). */
  readonly #index: number;
  /** The option, the level, the option's value (a Nix value is neither), or COMPUTING. */
  #item: EvaluatedOption | OptionLevel | Value | typeof COMPUTING | undefined;
  /** The merge the value came from, kept for a type with a valueMeta (optionValue's `keep`). */
  #merged: Merged | undefined;
  /** That merge's highestPrio (kept for every type: a number). */
  #prio: number | undefined;

  constructor(parent: OptionLevel, index: number) {
    this.#parent = parent;
    this.#index = index;
  }

  get #name(): string {
    return this.#parent.declarations.layout().names[this.#index] as string;
  }

  #resolve() {
    return this.#parent.declarations.resolveAt(this.#parent.loc, this.#index);
  }

  get kind(): "option" | "level" {
    return this.#parent.declarations.kindAt(this.#parent.loc, this.#index);
  }

  get option(): EvaluatedOption {
    const item = this.#item;
    if (item instanceof EvaluatedOption) return item;
    const r = this.#resolve();
    const p = this.#parent;
    if (r.kind !== "option") throw new Error(`${showOption([...p.loc, this.#name])} is not an option`);
    const i = this.#index;
    const known = item === undefined || item === COMPUTING ? undefined : Thunk.of(item as Value);
    const merged = this.#merged;
    this.#merged = undefined;
    return (this.#item = new EvaluatedOption(r.decl, () => p.defsAt(i), childPath(p.loc, this.#name), known, merged));
  }

  /** The option's value; one nothing defines, whose default's value is known plain, is not merged again. */
  value(): Value {
    const item = this.#item;
    if (item instanceof EvaluatedOption) return force(item.value);
    if (item === COMPUTING) throw new InfiniteRecursionError(showOption([...this.#parent.loc, this.#name]));
    if (item !== undefined) return item as Value;
    const r = this.#resolve();
    if (r.kind !== "option" || r.decl.readOnly) return force(this.option.value);
    const defs = this.#parent.defsAt(this.#index);
    if (defs.length === 0) {
      const known = knownDefault(r.decl);
      if (known !== undefined) return known;
    }
    return this.#compute(r.decl, defs);
  }

  /** What the option's value thunk does (evaluated-option.ts): a cycle, an error's context, a stack overflow. */
  #compute(decl: OptionDeclaration, defs: readonly Definition[]): Value {
    const loc = childPath(this.#parent.loc, this.#name);
    this.#item = COMPUTING;
    let v: Value;
    try {
      v = optionValue(decl, defs, loc, (m) => {
        this.#prio = m.highestPrio;
        if (decl.type.valueMeta !== undefined) this.#merged = m;
      });
    } catch (e) {
      if (this.#item === COMPUTING) this.#item = undefined;
      if (e instanceof UserError) throw e.withContext(`while evaluating the option \`${showOption(loc)}':`);
      if (isStackOverflow(e)) throw new StackOverflowError();
      throw e;
    }
    // Asked for the option meanwhile (its value thunk then computed it again): that one is kept.
    if (this.#item !== COMPUTING) return force((this.#item as EvaluatedOption).value);
    this.#item = v;
    return v;
  }

  highestPrio(): number {
    const item = this.#item;
    if (item instanceof EvaluatedOption || this.#prio === undefined) return this.option.merged.highestPrio;
    return this.#prio;
  }

  level(): OptionLevel {
    if (this.#item instanceof OptionLevel) return this.#item;
    const r = this.#resolve();
    const p = this.#parent;
    if (r.kind !== "level") throw new Error(`${showOption([...p.loc, this.#name])} is an option, not a set of options`);
    const i = this.#index;
    return (this.#item = new OptionLevel(childPath(p.loc, this.#name), childPath(p.path, this.#name), r.level, () => p.defsAt(i)));
  }
}
