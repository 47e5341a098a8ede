/**
 * Finding what an option path names in an `options` tree, as nixos-option
 * walks it: a set of options (a prefix such as `programs.git`) or one
 * option. Below an option whose type has sub-options the walk goes on in
 * them (getSubOptions); a name standing for a placeholder of that type
 * (`alice` for `users.users.<name>`, an index for `*`) is taken as it, so
 * `users.users.alice.uid` is `users.users.<name>.uid`. Along a concrete
 * name the walk also follows the evaluated instance (the option's
 * `valueMeta`: a submodule's own evaluation), whose option holds alice's
 * value and the files defining it. An unknown name is an error with the
 * closest names declared beside it.
 */
import { force, NixAttrs, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showOption, type OptionPath } from "../module-system/option-path.ts";
import { closest, didYouMean } from "../module-system/closest.ts";
import { isOptionValue, locOf, subOptionsOf, textOf, typeOfOption } from "./option-doc.ts";

export type FoundOption =
  | {
      readonly kind: "option";
      /** The path as asked. */
      readonly path: OptionPath;
      /** The declared option (its loc has the placeholders). */
      readonly option: NixAttrs;
      /** The option of the evaluated instance named along the path, when there is one. */
      readonly instance: NixAttrs | undefined;
      /** Whether the path names a placeholder itself (`<name>`): no value is meant. */
      readonly generic: boolean;
      /** Whether the walk went through a type's sub-options: the option is then a documentation evaluation's, its value not the configuration's. */
      readonly belowOption: boolean;
    }
  | { readonly kind: "set"; readonly path: OptionPath; readonly names: readonly string[] };

/** The names of a set of options, as nixos-option lists them (without `_module`). */
function listed(set: NixAttrs): string[] {
  return set.keys().filter((k) => k !== "_module");
}

const PLACEHOLDER = /^(\*|<.*>)$/s;

export function findOption(options: NixAttrs, path: OptionPath, command: string): FoundOption {
  let cur: Value = options;
  let inst: Value | undefined = options;
  let generic = false;
  let belowOption = false;
  let i = 0;
  while (i < path.length) {
    const part = path[i] as string;
    if (isOptionValue(cur)) {
      const opt = cur as NixAttrs;
      const sub = subOptionsOf(opt, locOf(opt));
      if (sub.size === 0) {
        throw new UserError(
          `The option \`${showOption(path.slice(0, i + 1))}' does not exist: \`${showOption(path.slice(0, i))}' is an option of type \`${textOf(typeOfOption(opt)?.lazy("description")) ?? "unspecified"}', which has no options below it.`,
        );
      }
      const holes = placeholders(opt, sub);
      let meta = instanceMeta(inst);
      for (let h = 0; h < holes && i < path.length; h++, i++) {
        const name = path[i] as string;
        if (PLACEHOLDER.test(name)) generic = true;
        meta = meta === undefined ? undefined : elementMeta(meta, name);
      }
      cur = sub;
      belowOption = true;
      inst = configurationOptions(meta);
      continue;
    }
    const set = cur as NixAttrs;
    if (!set.has(part)) throw unknownOption(path.slice(0, i + 1), listed(set), command);
    cur = force(set.lazy(part) as Lazy);
    inst = inst instanceof NixAttrs && !isOptionValue(inst) && inst.has(part) ? force(inst.lazy(part) as Lazy) : undefined;
    i++;
  }
  if (isOptionValue(cur)) return { kind: "option", path, option: cur as NixAttrs, instance: isOptionValue(inst) && !generic ? (inst as NixAttrs) : undefined, generic, belowOption };
  if (cur instanceof NixAttrs) return { kind: "set", path, names: listed(cur) };
  throw new UserError(`\`${showOption(path)}' is neither an option nor a set of options`);
}

function unknownOption(path: OptionPath, siblings: readonly string[], command: string): UserError {
  const parent = path.slice(0, -1);
  const suggestions = closest(path[path.length - 1] as string, siblings).map((s) => showOption([...parent, s]));
  const where = parent.length === 0 ? "" : ` ${showOption(parent)}`;
  return new UserError(`The option \`${showOption(path)}' does not exist.${didYouMean(suggestions)}\n\nRun \`${command}${where}' to list the options there.`);
}

/** How many path names an option's sub-options stand below it (`<name>`, `*`): their loc past the option's, less their own path in `sub`. */
export function placeholders(opt: NixAttrs, sub: NixAttrs): number {
  const depth = locOf(opt).length;
  for (const name of sub.keys()) {
    const first = firstOption(sub.lazy(name) as Lazy);
    if (first === undefined) continue;
    const loc = locOf(first);
    let k = 0;
    while (depth + k < loc.length && loc[depth + k] !== name && PLACEHOLDER.test(loc[depth + k] as string)) k++;
    return k;
  }
  return 0;
}

/** The first option of a tree (depth first, in attribute order), forcing no more of it. */
function firstOption(tree: Lazy): NixAttrs | undefined {
  const x = force(tree);
  if (!(x instanceof NixAttrs)) return undefined;
  if (isOptionValue(x)) return x;
  for (const k of x.keys()) {
    const o = firstOption(x.lazy(k) as Lazy);
    if (o !== undefined) return o;
  }
  return undefined;
}

/** An option's `valueMeta`, when it is an evaluated instance's option. */
function instanceMeta(inst: Value | undefined): NixAttrs | undefined {
  if (!isOptionValue(inst) || !(inst as NixAttrs).has("valueMeta")) return undefined;
  return attrsOrUndefined(() => force((inst as NixAttrs).lazy("valueMeta") as Lazy));
}

/** The valueMeta of an attribute (attrsOf's `attrs.<name>`) or element (listOf's `list`), by name. */
function elementMeta(meta: NixAttrs, name: string): NixAttrs | undefined {
  return attrsOrUndefined(() => {
    const attrs = meta.has("attrs") ? force(meta.lazy("attrs") as Lazy) : undefined;
    if (attrs instanceof NixAttrs) return attrs.has(name) ? force(attrs.lazy(name) as Lazy) : undefined;
    const list = meta.has("list") ? force(meta.lazy("list") as Lazy) : undefined;
    return Array.isArray(list) && /^[0-9]+$/.test(name) && Number(name) < list.length ? force(list[Number(name)] as Lazy) : undefined;
  });
}

/** A submodule instance's options (its valueMeta's `configuration.options`). */
function configurationOptions(meta: NixAttrs | undefined): NixAttrs | undefined {
  if (meta === undefined) return undefined;
  return attrsOrUndefined(() => {
    const c = meta.has("configuration") ? force(meta.lazy("configuration") as Lazy) : undefined;
    return c instanceof NixAttrs && c.has("options") ? force(c.lazy("options") as Lazy) : undefined;
  });
}

/** `f()` when it is a set; undefined when it is not, or cannot be evaluated (the instance is then not shown, the declaration still is). */
function attrsOrUndefined(f: () => Value | undefined): NixAttrs | undefined {
  try {
    const v = f();
    return v instanceof NixAttrs ? v : undefined;
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}
