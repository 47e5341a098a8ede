/**
 * One evaluation's option tree (nixpkgs `mergeModules'`): the shared
 * declarations of a DeclarationLevel, placed at this evaluation's location,
 * with this evaluation's definitions. Definitions are grouped by name
 * lazily: pushing definitions down (mkIf/mkMerge/mkOverride over sets)
 * happens only when a level's values are needed, so a definition may read
 * `config` as long as there is no real cycle. Nodes and options are made
 * per name when first read.
 * Names defined but declared nowhere are "unmatched" (unmatched.ts).
 */
import { NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import type { Definition } from "./definition.ts";
import type { EvaluatedOption } from "./evaluated-option.ts";
import type { OptionPath } from "./option-path.ts";
import { OptionNode } from "./option-node.ts";
import { groupDefinitions } from "./group-definitions.ts";
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
  /** The option's `highestPrio` (when kind is "option"), from the merge that gave its value when there was one. */
  highestPrio(): number;
}

export class OptionLevel {
  /** Absolute location (evaluation prefix + path). */
  readonly loc: OptionPath;
  /** Path relative to the evaluation root. */
  readonly path: OptionPath;
  readonly declarations: DeclarationLevel;
  /** This level's definitions, until they are grouped (then dropped: the grouping holds what is needed). */
  #rawDefs: (() => readonly Definition[]) | undefined;
  /** Definitions of declared names, by the index of the name in the declarations' layout. */
  #grouped: (Definition[] | undefined)[] | undefined;
  /** Definitions of names nobody declared. */
  #undeclared: Map<string, Definition[]> | undefined;
  /** Nodes of declared names, by layout index, made on first use. */
  #nodes: (OptionNode | undefined)[] | undefined;

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
    const i = this.declarations.layout().indexOf(name);
    return i < 0 ? undefined : this.#nodeAt(i);
  }

  #nodeAt(i: number): OptionNode {
    const nodes = (this.#nodes ??= new Array<OptionNode | undefined>(this.declarations.layout().names.length));
    return (nodes[i] ??= new OptionNode(this, i));
  }

  /** Definitions at this level, pushed down and grouped by attribute name. */
  defsFor(name: string): readonly Definition[] {
    const i = this.declarations.layout().indexOf(name);
    return i < 0 ? (this.#group(), this.#undeclared?.get(name) ?? NONE) : this.defsAt(i);
  }

  /** Definitions of the declared name at layout index `i`. */
  defsAt(i: number): readonly Definition[] {
    return this.#group()[i] ?? NONE;
  }

  #group(): (Definition[] | undefined)[] {
    if (this.#grouped !== undefined) return this.#grouped;
    const pushed: Definition[] = [];
    const raw = (this.#rawDefs as () => readonly Definition[])();
    for (let i = 0; i < raw.length; i++) pushDown(this.loc, raw[i] as Definition, pushed);
    const { declared, undeclared } = groupDefinitions(pushed, this.declarations.layout());
    this.#undeclared = undeclared;
    this.#rawDefs = undefined;
    return (this.#grouped = declared);
  }

  definedNames(): string[] {
    const grouped = this.#group();
    const names: string[] = [];
    const declared = this.declarations.layout().names;
    for (let i = 0; i < grouped.length; i++) if (grouped[i] !== undefined) names.push(declared[i] as string);
    if (this.#undeclared !== undefined) names.push(...this.#undeclared.keys());
    return names;
  }

  /**
   * The configuration value of this level: one lazy attribute per declared name. Each is a
   * thunk over its node (no closure per name; the option's own value thunk names it in errors).
   */
  config(): NixAttrs {
    const layout = this.declarations.layout();
    const values = new Array<Lazy>(layout.names.length);
    for (let i = 0; i < values.length; i++) values[i] = Thunk.deferred(nodeConfig, this.#nodeAt(i));
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
}

const NONE: readonly Definition[] = [];

/** A node's configuration value (a level's attribute). */
function nodeConfig(node: OptionNode): Value {
  return node.kind === "option" ? node.value() : node.level().config();
}
