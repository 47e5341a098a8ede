/**
 * One evaluation's option tree (nixpkgs `mergeModules'`): the shared
 * declarations of a DeclarationLevel, placed at this evaluation's location,
 * with this evaluation's definitions. Definitions are grouped by name
 * lazily: pushing definitions down (mkIf/mkMerge/mkOverride over sets)
 * happens only when a level's values are needed, so a definition may read
 * `config` as long as there is no real cycle. Nodes and options are made
 * per name when first read.
 * Names defined but declared nowhere are "unmatched" (unknown options, or
 * freeform values).
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import { EvaluatedOption, knownDefault } from "./evaluated-option.ts";
import { showOption, type OptionPath } from "./option-path.ts";
import { defsByName } from "./types/attrs-of.ts";
import { pushDown } from "./push-down.ts";
import type { DeclarationLevel } from "./declaration-tree.ts";

export type { TreeSource } from "./declaration-tree.ts";

/**
 * A declared name: an option, or a level of nested declarations. Which one
 * it is is found when first asked (forcing that name's declarations only),
 * so reading one option never forces the declarations of its siblings.
 */
export interface TreeNode {
  readonly kind: "option" | "level";
  /** The option (when kind is "option"). */
  readonly option: EvaluatedOption;
  /** The nested level (when kind is "level"). */
  level(): OptionLevel;
}

/** A definition for a name nobody declared, with its path relative to the evaluation. */
export interface Unmatched {
  readonly path: OptionPath;
  readonly defs: readonly Definition[];
  /** Names declared beside it, for "Did you mean". */
  readonly siblings: readonly string[];
}

export class OptionLevel {
  /** Absolute location (evaluation prefix + path). */
  readonly loc: OptionPath;
  /** Path relative to the evaluation root. */
  readonly path: OptionPath;
  readonly declarations: DeclarationLevel;
  readonly #rawDefs: () => readonly Definition[];
  #grouped: Map<string, Definition[]> | undefined;
  #nodes: Map<string, Node> | undefined;

  constructor(loc: OptionPath, path: OptionPath, declarations: DeclarationLevel, rawDefs: () => readonly Definition[]) {
    this.loc = loc;
    this.path = path;
    this.declarations = declarations;
    this.#rawDefs = rawDefs;
  }

  /** The declared names. */
  names(): string[] {
    return [...this.declarations.names()];
  }

  /** The node of a declared name, or undefined. */
  node(name: string): TreeNode | undefined {
    if (!this.declarations.has(name)) return undefined;
    const nodes = (this.#nodes ??= new Map());
    let n = nodes.get(name);
    if (n === undefined) nodes.set(name, (n = new Node(this, name)));
    return n;
  }

  /** Definitions at this level, pushed down and grouped by attribute name. */
  defsFor(name: string): readonly Definition[] {
    if (this.#grouped === undefined) {
      const pushed: Definition[] = [];
      for (const d of this.#rawDefs()) pushDown(this.loc, d, pushed);
      this.#grouped = defsByName(pushed);
    }
    return this.#grouped.get(name) ?? [];
  }

  definedNames(): string[] {
    this.defsFor("");
    return [...(this.#grouped as Map<string, Definition[]>).keys()];
  }

  /** The configuration value of this level: one lazy attribute per declared name. */
  config(): NixAttrs {
    const layout = this.declarations.layout();
    const values = layout.names.map(
      (name) =>
        new Thunk(
          () => {
            const node = this.node(name) as Node;
            return node.kind === "option" ? node.value() : node.level().config();
          },
          () => showOption([...this.loc, name]),
        ),
    );
    return NixAttrs.fromLayout(layout, values);
  }

  /** The `options` tree of this level. */
  options(): NixAttrs {
    const map = new Map<string, Lazy>();
    for (const name of this.declarations.names()) {
      map.set(
        name,
        new Thunk(() => {
          const node = this.node(name) as TreeNode;
          return node.kind === "option" ? node.option.toValue() : node.level().options();
        }),
      );
    }
    return new NixAttrs(map);
  }

  /** Every definition below this level for a name nobody declared. */
  unmatched(out: Unmatched[] = []): Unmatched[] {
    const names = this.definedNames();
    // The common case, every defined name declared, sorts and copies nothing but the nested levels' names.
    let levels: string[] | undefined;
    let undeclared = false;
    for (const name of names) {
      const node = this.node(name);
      if (node === undefined) undeclared = true;
      else if (node.kind === "level") (levels ??= []).push(name);
    }
    if (!undeclared && levels === undefined) return out;
    let declared: string[] | undefined;
    for (const name of undeclared ? names.sort() : (levels as string[]).sort()) {
      const node = this.node(name);
      if (node === undefined) out.push({ path: [...this.path, name], defs: this.defsFor(name), siblings: (declared ??= this.names()) });
      else if (node.kind === "level") node.level().unmatched(out);
    }
    return out;
  }
}

/** A declared name of one evaluation: its option or nested level, made on first use. */
class Node implements TreeNode {
  readonly #parent: OptionLevel;
  readonly #name: string;
  #option: EvaluatedOption | undefined;
  #level: OptionLevel | undefined;

  constructor(parent: OptionLevel, name: string) {
    this.#parent = parent;
    this.#name = name;
  }

  #resolve() {
    return this.#parent.declarations.resolve(this.#parent.loc, this.#name);
  }

  get kind(): "option" | "level" {
    return this.#resolve().kind;
  }

  get option(): EvaluatedOption {
    if (this.#option !== undefined) return this.#option;
    const r = this.#resolve();
    const p = this.#parent;
    if (r.kind !== "option") throw new Error(`${showOption([...p.loc, this.#name])} is not an option`);
    return (this.#option = new EvaluatedOption(r.decl, () => p.defsFor(this.#name), [...p.loc, this.#name]));
  }

  /** The option's value; one nothing defines, whose default's value is known plain, makes no EvaluatedOption. */
  value(): Value {
    if (this.#option === undefined) {
      const r = this.#resolve();
      if (r.kind === "option" && this.#parent.defsFor(this.#name).length === 0) {
        const known = knownDefault(r.decl);
        if (known !== undefined) return known;
      }
    }
    return force(this.option.value);
  }

  level(): OptionLevel {
    if (this.#level !== undefined) return this.#level;
    const r = this.#resolve();
    const p = this.#parent;
    if (r.kind !== "level") throw new Error(`${showOption([...p.loc, this.#name])} is an option, not a set of options`);
    return (this.#level = new OptionLevel([...p.loc, this.#name], [...p.path, this.#name], r.level, () => p.defsFor(this.#name)));
  }
}
