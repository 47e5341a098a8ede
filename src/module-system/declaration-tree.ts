/**
 * The declaration side of nixpkgs `mergeModules'`: which declared names are
 * options (all their declarations are mkOption) and which are nested
 * levels, and each option's merged declaration. It does not depend on where
 * the evaluation sits, so one tree serves every instance of a submodule
 * type whose modules declare the very same option sets (DeclarationCache).
 * A name is resolved when first asked (forcing its declarations only); a
 * resolution that fails is not remembered, so each instance asking reports
 * the error with its own location.
 */
import { force, NixAttrs, typeOf, typeTag, type Lazy } from "../nix/value.ts";
import { compareNames, Layout } from "../nix/attrs-layout.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { isOption } from "./merge-definitions.ts";
import { fixupOptionType, mergeOptionDecls, type DeclarationSource, type OptionDeclaration } from "./option-declaration.ts";
import { typeFromValue } from "./types/option-type.ts";
import { showOption, type OptionPath } from "./option-path.ts";

export interface TreeSource {
  readonly file: string;
  readonly value: Lazy;
}

interface PendingDeclaration {
  readonly file: string;
  readonly pos: DeclarationSource["pos"];
  readonly value: Lazy;
}

/** A declared name, resolved: an option's merged declaration, or a nested level. */
export type Resolved = { readonly kind: "option"; readonly decl: OptionDeclaration } | { readonly kind: "level"; readonly level: DeclarationLevel };

/** A name resolved to an option whose declarations merge when first read (an error there is the reader's, at its location). */
type Pending = { readonly kind: "option"; declAt(loc: OptionPath): OptionDeclaration; merged: Resolved | undefined } | { readonly kind: "level"; readonly level: DeclarationLevel };

export class DeclarationLevel {
  readonly #pending = new Map<string, PendingDeclaration[]>();
  readonly #resolved = new Map<string, Pending>();
  /** The resolved names again, by layout index (what every instance's nodes ask by). */
  #resolvedAt: (Pending | undefined)[] | undefined;
  #layout: Layout | undefined;

  /** `loc` (the asking evaluation's location of this level) only words errors. */
  constructor(loc: OptionPath, decls: readonly TreeSource[]) {
    for (const d of decls) {
      const tree = force(d.value);
      if (!(tree instanceof NixAttrs)) {
        throw new UserError(`The options of module \`${d.file}' at \`${showOption(loc)}' must be an attribute set, but they are a ${typeOf(tree)}`);
      }
      for (const [name, v] of tree.map) {
        const entry = { file: d.file, pos: tree.pos?.get(name), value: v };
        const list = this.#pending.get(name);
        if (list === undefined) this.#pending.set(name, [entry]);
        else list.push(entry);
      }
    }
  }

  names(): IterableIterator<string> {
    return this.#pending.keys();
  }

  has(name: string): boolean {
    return this.#pending.has(name);
  }

  /** The declared names in Nix's order, as the layout of every configuration set of this level. */
  layout(): Layout {
    return (this.#layout ??= new Layout([...this.#pending.keys()].sort(compareNames), undefined));
  }

  /** What `name` is; `loc` is the asking evaluation's location of this level, for errors. */
  resolve(loc: OptionPath, name: string): Resolved {
    return this.#resolvedAs(loc, name, this.#pendingOf(loc, name));
  }

  /** What the name at layout index `i` is (as `resolve`). */
  resolveAt(loc: OptionPath, i: number): Resolved {
    const name = this.layout().names[i] as string;
    return this.#resolvedAs(loc, name, this.#pendingAt(loc, i, name));
  }

  /** Whether the name at layout index `i` is an option or a level (resolving it as `resolve` does, without merging an option's declarations). */
  kindAt(loc: OptionPath, i: number): "option" | "level" {
    return this.#pendingAt(loc, i, this.layout().names[i] as string).kind;
  }

  #pendingAt(loc: OptionPath, i: number, name: string): Pending {
    const byIndex = (this.#resolvedAt ??= new Array<Pending | undefined>(this.layout().names.length));
    return (byIndex[i] ??= this.#pendingOf(loc, name));
  }

  #pendingOf(loc: OptionPath, name: string): Pending {
    let r = this.#resolved.get(name);
    if (r === undefined) {
      r = resolveNode([...loc, name], this.#pending.get(name) ?? []);
      this.#resolved.set(name, r);
    }
    return r;
  }

  #resolvedAs(loc: OptionPath, name: string, r: Pending): Resolved {
    if (r.kind === "level") return r;
    if (r.merged !== undefined) return r.merged;
    const option = r;
    const at = [...loc, name];
    return {
      kind: "option",
      get decl() {
        const decl = option.declAt(at);
        option.merged ??= { kind: "option", decl };
        return decl;
      },
    };
  }
}

/** nixpkgs' throwDeclarationTypeError: a tagged value (a type, a configuration) where an option was expected. */
function declarationTypeError(loc: OptionPath, tag: string, file: string, pos: PendingDeclaration["pos"]): UserError {
  const last = loc[loc.length - 1] ?? "";
  const name = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(last) ? last : JSON.stringify(last).replace(/\$/g, "\\$");
  const comment = loc.length > 1 ? `\n    # ${showOption(loc)}` : "";
  const paragraphs = [`In module ${file}: expected an option declaration at option path \`${showOption(loc)}\` but got an attribute set with type ${tag}`];
  if (tag === "option-type") {
    paragraphs.push(
      "When declaring an option, you must wrap the type in a `mkOption` call. It should look somewhat like:\n" +
        `    ${comment}\n    ${name} = lib.mkOption {\n      description = ...;\n      type = <the type you wrote for ${name}>;\n      ...\n    };\n`,
    );
  }
  return new UserError(paragraphs.join("\n\n"), pos);
}

function resolveNode(loc: OptionPath, pending: readonly PendingDeclaration[]): Pending {
  const list: DeclarationSource[] = pending.map((p) => {
    const value = force(p.value);
    if (!(value instanceof NixAttrs)) {
      throw new UserError(`The option declaration \`${showOption(loc)}' in \`${p.file}' must be an attribute set (an option made by mkOption, or a set of them), but it is a ${typeOf(value)}`, p.pos);
    }
    const tag = typeTag(value);
    if (tag !== undefined && tag !== "option") throw declarationTypeError(loc, tag, p.file, p.pos);
    return { file: p.file, pos: p.pos, value };
  });
  const options = list.filter((d) => isOption(d.value));
  if (options.length === 0) return { kind: "level", level: new DeclarationLevel(loc, list) };
  // Merged when first read, not when the name is resolved: asking what a name is (the unknown-option
  // check asks it of every defined name) must not fail on a conflict only this option's readers see,
  // as nixpkgs merges an option's declarations only when the option is read. Only a merge that
  // succeeds is kept, so each reader of a conflicting option gets the error at its own location.
  let decl: OptionDeclaration | undefined;
  return {
    kind: "option",
    merged: undefined,
    declAt: (at) => {
      if (decl !== undefined) return decl;
      if (options.length < list.length) checkParent(at, options, list);
      return (decl = fixupOptionType(mergeOptionDecls(at, list)));
    },
  };
}

/**
 * Plain option trees declared under an option become extra options of it
 * when every declaration of it is a submodule (mergeOptionDecls adds them);
 * any other type cannot have nested options.
 */
function checkParent(loc: OptionPath, options: readonly DeclarationSource[], list: readonly DeclarationSource[]): void {
  const typeOf = (d: DeclarationSource) => {
    const t = d.value.get("type");
    return t === undefined ? undefined : typeFromValue(t, `the type of option \`${showOption(loc)}'`);
  };
  if (options.every((d) => typeOf(d)?.name === "submodule")) return;
  const first = options[0] as DeclarationSource;
  const trees = list.filter((d) => !isOption(d.value));
  const prefixes = trees.flatMap((t) => t.value.keys().map((k) => ` - option(s) with prefix \`${showOption([...loc, k])}' in module \`${t.file}'`)).sort();
  throw new UserError(
    `The option \`${showOption(loc)}' in module \`${first.file}' would be a parent of the following options, but its type \`${typeOf(first)?.description ?? "<no description>"}' does not support nested options.\n${prefixes.join("\n")}`,
    trees[0]?.pos,
  );
}

/**
 * The declaration trees of one submodule type, by the option sets its
 * instances' modules declare: instances whose modules give the same sets
 * (the same values, not equal ones) share a tree. A few are kept, the most
 * recently used first, for types whose modules make new sets per instance.
 */
interface CacheEntry {
  readonly sources: readonly TreeSource[];
  readonly level: DeclarationLevel;
}

/** A collected module, as far as its declarations go (those declaring nothing have the empty set). */
interface Declaring {
  readonly file: string;
  readonly options: Lazy;
}

/** The declarations of the modules that declare something (definitions, most shorthand modules, declare nothing). */
export function declarationSources(modules: readonly Declaring[]): TreeSource[] {
  const sources: TreeSource[] = [];
  for (const m of modules) if (m.options !== NixAttrs.empty) sources.push({ file: m.file, value: m.options });
  return sources;
}

export class DeclarationCache {
  readonly #entries: CacheEntry[] = [];

  /** The tree of the declarations of `modules` (looked up without making their list of sources, made when new). */
  levelFor(loc: OptionPath, modules: readonly Declaring[]): DeclarationLevel {
    const i = this.#entries.findIndex((e) => sameSources(e.sources, modules));
    if (i >= 0) {
      const hit = this.#entries[i] as CacheEntry;
      if (i > 0) {
        this.#entries.splice(i, 1);
        this.#entries.unshift(hit);
      }
      return hit.level;
    }
    const sources = declarationSources(modules);
    const level = new DeclarationLevel(loc, sources);
    this.#entries.unshift({ sources, level });
    if (this.#entries.length > 4) this.#entries.pop();
    return level;
  }
}

/** Whether the modules declaring something are, in order, those `sources` came from. */
function sameSources(sources: readonly TreeSource[], modules: readonly Declaring[]): boolean {
  let i = 0;
  for (const m of modules) {
    if (m.options === NixAttrs.empty) continue;
    const x = sources[i++];
    if (x === undefined || x.value !== m.options || x.file !== m.file) return false;
  }
  return i === sources.length;
}
