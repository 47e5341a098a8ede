/**
 * The declaration tree of one module evaluation (nixpkgs `mergeModules'`).
 * At each level, names declared by some module are either options (all
 * declarations are mkOption) or nested levels (none are). Definitions are
 * grouped by name lazily: pushing definitions down (mkIf/mkMerge/mkOverride
 * over sets) happens only when a level's values are needed, so a definition
 * may read `config` as long as there is no real cycle.
 * Names defined but declared nowhere are "unmatched" (unknown options, or
 * freeform values).
 */
import { force, NixAttrs, Thunk, typeOf, typeTag, type Lazy } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import type { Definition } from "./definition.ts";
import { isOption } from "./merge-definitions.ts";
import { EvaluatedOption } from "./evaluated-option.ts";
import { mergeOptionDecls, type DeclarationSource, type OptionDeclaration } from "./option-declaration.ts";
import { showOption, type OptionPath } from "./option-path.ts";
import { defsByName } from "./types/attrs-of.ts";
import { pushDown } from "./push-down.ts";

export interface TreeSource {
  readonly file: string;
  readonly value: Lazy;
}

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
  readonly nodes: ReadonlyMap<string, TreeNode>;
  readonly #rawDefs: () => readonly Definition[];
  #grouped: Map<string, Definition[]> | undefined;

  constructor(loc: OptionPath, path: OptionPath, decls: readonly TreeSource[], rawDefs: () => readonly Definition[]) {
    this.loc = loc;
    this.path = path;
    this.#rawDefs = rawDefs;
    this.nodes = buildNodes(this, decls);
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
    const map = new Map<string, Lazy>();
    for (const [name, node] of this.nodes) {
      map.set(name, new Thunk(() => (node.kind === "option" ? force(node.option.value) : node.level().config()), () => showOption([...this.loc, name])));
    }
    return new NixAttrs(map);
  }

  /** The `options` tree of this level. */
  options(): NixAttrs {
    const map = new Map<string, Lazy>();
    for (const [name, node] of this.nodes) {
      map.set(name, new Thunk(() => (node.kind === "option" ? node.option.toValue() : node.level().options())));
    }
    return new NixAttrs(map);
  }

  /** Every definition below this level for a name nobody declared. */
  unmatched(out: Unmatched[] = []): Unmatched[] {
    const names = this.definedNames();
    // The common case, every defined name an option (a submodule's own level), sorts and copies nothing.
    if (names.every((name) => this.nodes.get(name)?.kind === "option")) return out;
    let declared: string[] | undefined;
    for (const name of names.sort()) {
      const node = this.nodes.get(name);
      if (node === undefined) out.push({ path: [...this.path, name], defs: this.defsFor(name), siblings: (declared ??= [...this.nodes.keys()]) });
      else if (node.kind === "level") node.level().unmatched(out);
    }
    return out;
  }
}

interface PendingDeclaration {
  readonly file: string;
  readonly pos: DeclarationSource["pos"];
  readonly value: Lazy;
}

function buildNodes(level: OptionLevel, decls: readonly TreeSource[]): Map<string, TreeNode> {
  const byName = new Map<string, PendingDeclaration[]>();
  for (const d of decls) {
    const tree = force(d.value);
    if (!(tree instanceof NixAttrs)) {
      throw new UserError(`The options of module \`${d.file}' at \`${showOption(level.loc)}' must be an attribute set, but they are a ${typeOf(tree)}`);
    }
    for (const [name, v] of tree.map) {
      const entry = { file: d.file, pos: tree.pos?.get(name), value: v };
      const list = byName.get(name);
      if (list === undefined) byName.set(name, [entry]);
      else list.push(entry);
    }
  }
  const nodes = new Map<string, TreeNode>();
  for (const [name, pending] of byName) {
    let resolved: { kind: "option"; option: () => EvaluatedOption } | { kind: "level"; level: () => OptionLevel } | undefined;
    const resolve = () => (resolved ??= resolveNode(level, name, pending));
    nodes.set(name, {
      get kind() {
        return resolve().kind;
      },
      get option() {
        const r = resolve();
        if (r.kind !== "option") throw new Error(`${showOption([...level.loc, name])} is not an option`);
        return r.option();
      },
      level() {
        const r = resolve();
        if (r.kind !== "level") throw new Error(`${showOption([...level.loc, name])} is an option, not a set of options`);
        return r.level();
      },
    });
  }
  return nodes;
}

function resolveNode(level: OptionLevel, name: string, pending: readonly PendingDeclaration[]) {
  const loc = [...level.loc, name];
  const path = [...level.path, name];
  const list: DeclarationSource[] = pending.map((p) => {
    const value = force(p.value);
    if (!(value instanceof NixAttrs)) {
      throw new UserError(`The option declaration \`${showOption(loc)}' in \`${p.file}' must be an attribute set (an option made by mkOption, or a set of them), but it is a ${typeOf(value)}`, p.pos);
    }
    if (typeTag(value) === "option-type") {
      throw new UserError(`The option declaration \`${showOption(loc)}' in \`${p.file}' is a type, not an option: wrap it as mkOption({ type: … })`, p.pos);
    }
    return { file: p.file, pos: p.pos, value };
  });
  const options = list.filter((d) => isOption(d.value));
  const trees = list.filter((d) => !isOption(d.value));
  if (options.length === 0) {
    let cached: OptionLevel | undefined;
    return { kind: "level" as const, level: () => (cached ??= new OptionLevel(loc, path, trees, () => level.defsFor(name))) };
  }
  let decl = mergeOptionDecls(loc, options);
  if (trees.length > 0) decl = extendSubmodule(loc, decl, options, trees);
  const finalDecl = decl;
  let option: EvaluatedOption | undefined;
  return { kind: "option" as const, option: () => (option ??= new EvaluatedOption(finalDecl, () => level.defsFor(name))) };
}

/**
 * Plain option trees declared under a submodule option become extra
 * options of that submodule; any other type cannot have nested options.
 */
function extendSubmodule(
  loc: OptionPath,
  decl: OptionDeclaration,
  options: readonly DeclarationSource[],
  trees: readonly DeclarationSource[],
): OptionDeclaration {
  const { type } = decl;
  if (type.name !== "submodule" || type.substSubModules === undefined || type.subModules === undefined) {
    const prefixes = trees.flatMap((t) => t.value.keys().map((k) => ` - option(s) with prefix \`${showOption([...loc, k])}' in module \`${t.file}'`)).sort();
    throw new UserError(
      `The option \`${showOption(loc)}' in module \`${options[0]?.file}' would be a parent of the following options, but its type \`${type.description}' does not support nested options.\n${prefixes.join("\n")}`,
      trees[0]?.pos,
    );
  }
  const extra = trees.map((t) => NixAttrs.from({ _file: t.file, options: t.value }));
  return { ...decl, type: type.substSubModules([...type.subModules, ...extra]) };
}
