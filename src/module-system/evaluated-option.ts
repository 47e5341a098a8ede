/**
 * One option, evaluated (nixpkgs `evalOptionValue`): its declaration, its
 * definitions, and its value, computed once on first use. The value is a
 * thunk labelled with the option path, so a genuine cycle through options
 * is reported as infinite recursion naming every option on the way.
 */
import { force, NixAttrs, NixFunction, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import type { Definition } from "./definition.ts";
import { showDefs } from "./definition.ts";
import { discharge, mergeDefinitions, type Merged } from "./merge-definitions.ts";
import { OptionError } from "./option-error.ts";
import { showOption, type OptionPath } from "./option-path.ts";
import { mkOptionDefault } from "./properties.ts";
import type { OptionDeclaration } from "./option-declaration.ts";
import { typeValue } from "./types/option-type.ts";

export class EvaluatedOption {
  readonly decl: OptionDeclaration;
  /** Where this option is (a shared declaration's own `loc` is that of the evaluation that first declared it). */
  readonly loc: OptionPath;
  readonly value: Thunk;
  #merged: Merged | undefined;
  #allDefs: readonly Definition[] | undefined;
  #defs: readonly Definition[] | (() => readonly Definition[]);

  /**
   * `defs` may be given lazily: reading an option's declaration (docs) must not force its definitions.
   * `value`, when the option's value is known already (computed by optionValue), and `merged`,
   * the merge it came from when kept (its valueMeta then holds the very instances the value has).
   */
  constructor(decl: OptionDeclaration, defs: readonly Definition[] | (() => readonly Definition[]), loc: OptionPath = decl.loc, value?: Thunk, merged?: Merged) {
    this.decl = decl;
    this.loc = loc;
    this.#defs = defs;
    this.#merged = merged;
    if (value !== undefined) {
      this.value = value;
      return;
    }
    // The option's name is shown only in messages: made when one needs it.
    const shown = () => showOption(loc);
    this.value = new Thunk(() => {
      try {
        return this.#compute();
      } catch (e) {
        if (e instanceof UserError) throw e.withContext(`while evaluating the option \`${shown()}':`);
        throw e;
      }
    }, shown);
  }

  get defs(): readonly Definition[] {
    if (typeof this.#defs === "function") this.#defs = this.#defs();
    return this.#defs;
  }

  /** Definitions including the declaration's default (at mkOptionDefault priority). */
  get allDefs(): readonly Definition[] {
    if (this.#allDefs !== undefined) return this.#allDefs;
    const def = defaultDefinition(this.decl);
    return (this.#allDefs = def === undefined ? this.defs : [def, ...this.defs]);
  }

  get merged(): Merged {
    if (this.#merged === undefined) this.#merged = mergeDefinitions(this.loc, this.decl.type, this.allDefs);
    return this.#merged;
  }

  #compute(): Value {
    const d = this.decl;
    const plain = mergesPlainly(d) && this.defs.length === 0;
    if (plain && plainDefaults.has(d)) return plainDefaults.get(d) as Value;
    const v = this.#merge();
    if (plain && isPlain(v)) plainDefaults.set(d, v);
    return v;
  }

  #merge(): Value {
    const all = this.allDefs;
    if (this.decl.readOnly) this.#checkSetOnce(all);
    // As in nixpkgs, `apply` gets the merged value unevaluated: an apply that ignores it
    // (a renamed option's) never merges or type-checks the definitions.
    const apply = this.decl.apply;
    return apply === undefined ? this.merged.value() : force(apply.call(new Thunk(() => this.merged.value())));
  }

  /**
   * A read-only option takes one definition (its default counts). Better
   * than nixpkgs, definitions dropped by mkIf do not count. Each definition
   * is shown as if it were the only one (merged, wrappers gone).
   */
  #checkSetOnce(all: readonly Definition[]): void {
    const loc = this.loc;
    const defined: Definition[] = [];
    for (const d of all) discharge(loc, d, defined);
    if (defined.length <= 1) return;
    const separate = defined.map((d) => ({ ...d, value: new Thunk(() => mergeDefinitions(loc, this.decl.type, [d]).value()) }));
    throw new OptionError(
      `The option \`${showOption(loc)}' is read-only, but it's set multiple times. Definition values:${showDefs(separate)}`,
      loc,
      defined,
    );
  }

  /** The option as a Nix value, as found in the `options` tree. */
  toValue(): NixAttrs {
    const d = this.decl;
    const fields = new Map<string, Lazy>([
      ["_type", "option"],
      ["loc", [...this.loc]],
      // "${options.a.b}" shows the option's path, as in nixpkgs.
      ["__toString", new NixFunction(() => showOption(this.loc), undefined, "__toString")],
      ["options", []],
      ["type", typeValue(d.type)],
      ["value", this.value],
      ["isDefined", new Thunk(() => this.merged.isDefined)],
      ["highestPrio", new Thunk(() => BigInt(this.merged.highestPrio))],
      ["definitions", new Thunk(() => this.merged.defsFinal.map((x) => x.value))],
      ["definitionsWithLocations", new Thunk(() => this.merged.defsFinal.map((x) => NixAttrs.from({ file: x.file, value: x.value })))],
      ["files", new Thunk(() => this.merged.defsFinal.map((x) => x.file))],
      ["valueMeta", new Thunk(() => this.merged.valueMeta())],
      ["declarations", d.declarations.map((x) => x.file)],
      ["declarationPositions", d.declarations.flatMap((x) => (x.pos === undefined ? [] : [NixAttrs.from({ file: x.pos.file ?? x.file, line: BigInt(x.pos.line), column: BigInt(x.pos.column) })]))],
      ["readOnly", d.readOnly],
      ["internal", d.internal],
      ["visible", d.visible],
    ]);
    if (d.default !== undefined) fields.set("default", d.default);
    if (d.defaultText !== undefined) fields.set("defaultText", d.defaultText);
    if (d.example !== undefined) fields.set("example", d.example);
    if (d.description !== undefined) fields.set("description", d.description);
    return new NixAttrs(fields);
  }
}

/** A declaration's default as a definition: one for all the evaluations sharing the declaration. */
const defaults = new WeakMap<OptionDeclaration, Definition>();

function defaultDefinition(d: OptionDeclaration): Definition | undefined {
  if (d.default === undefined) return undefined;
  let def = defaults.get(d);
  if (def === undefined) {
    def = { file: d.declarations[0]?.file ?? "<unknown-file>", value: mkOptionDefault(d.default) };
    defaults.set(d, def);
  }
  return def;
}

/**
 * The values of options left to a default that is a plain value (null, a boolean, a number,
 * a string without context), by declaration: every evaluation sharing the declaration gets
 * the same value, merged and type-checked once.
 */
const plainDefaults = new WeakMap<OptionDeclaration, Value>();

function isPlain(v: Value): boolean {
  return v === null || typeof v === "boolean" || typeof v === "bigint" || typeof v === "number" || typeof v === "string";
}

/** Whether optionValue may compute an option of this declaration: no `apply`, not read-only. */
function mergesPlainly(d: OptionDeclaration): boolean {
  return d.apply === undefined && !d.readOnly;
}

/**
 * The value EvaluatedOption computes, for a declaration that is not read-only, without making
 * one: the definitions, after the default, merged by the type, and given to `apply` unevaluated.
 * Errors are the merge's own (the caller adds the option's context, as the option's value thunk does).
 * `keep` receives the merge, when one was made: the option, if asked for later, takes it (for a
 * type with a valueMeta: a submodule's evaluation, or each attribute's) rather than making a second
 * one whose instances would all be evaluated again (500 users' `valueMeta`), and its highestPrio
 * (each user's defaulted passwd fields) is known without merging again.
 */
export function optionValue(d: OptionDeclaration, defs: readonly Definition[], loc: OptionPath, keep?: (merged: Merged) => void): Value {
  const apply = d.apply;
  if (defs.length === 0 && apply === undefined) {
    const known = plainDefaults.get(d);
    if (known !== undefined) return known;
  }
  const def = defaultDefinition(d);
  const all = def === undefined ? defs : [def, ...defs];
  const merge = (): Merged => {
    const m = mergeDefinitions(loc, d.type, all);
    keep?.(m);
    return m;
  };
  if (apply !== undefined) return force(apply.call(new Thunk(() => merge().value())));
  const v = merge().value();
  if (defs.length === 0 && isPlain(v)) plainDefaults.set(d, v);
  return v;
}

/** The value of a declaration's option when nothing defines it, if it is a plain value already known. */
export function knownDefault(d: OptionDeclaration): Value | undefined {
  return mergesPlainly(d) ? plainDefaults.get(d) : undefined;
}
