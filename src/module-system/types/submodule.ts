/**
 * `submodule m` / `submoduleWith { modules, specialArgs, class, … }`: each
 * definition becomes a module of a nested evaluation whose prefix is the
 * option's location, so errors name full paths such as
 * `users.users.alice.uid`. The nested modules receive `name`, the last
 * element of the location (the attribute name under attrsOf).
 * A plain set definition is pure config (shorthandOnlyDefinesConfig).
 */
import { force, NixAttrs, NixFunction, NixPath, isString, type Lazy, Thunk } from "../../nix/value.ts";
import { evalModules } from "../eval-modules.ts";
import type { OptionType } from "./option-type.ts";
import type { OptionPath } from "../option-path.ts";

export interface SubmoduleArgs {
  readonly modules: readonly Lazy[];
  readonly specialArgs?: Readonly<Record<string, Lazy>>;
  readonly shorthandOnlyDefinesConfig?: boolean;
  readonly class?: string;
  readonly description?: string;
}

function nameModule(name: string): NixAttrs {
  return NixAttrs.from({ _file: "lib/modules.nix", _module: NixAttrs.from({ args: NixAttrs.from({ name }) }) });
}

export function submoduleWith(args: SubmoduleArgs): OptionType {
  const shorthand = args.shorthandOnlyDefinesConfig ?? false;
  const evaluate = (prefix: OptionPath, name: string, extra: readonly Lazy[]) =>
    evalModules({
      modules: [nameModule(name), ...args.modules, ...extra],
      prefix,
      specialArgs: args.specialArgs,
      class: args.class,
      extraArgs: { name },
    });
  const self: OptionType = {
    name: "submodule",
    description: args.description ?? "submodule",
    descriptionClass: "noun",
    check: (v) => v instanceof NixAttrs || v instanceof NixFunction || v instanceof NixPath || isString(v),
    merge(loc, defs) {
      const modules = defs.map((d) => {
        const v = force(d.value);
        return shorthand && v instanceof NixAttrs
          ? new NixAttrs(new Map<string, Lazy>([["_file", d.file], ["config", v]]))
          : NixAttrs.from({ _file: d.file, imports: [v] });
      });
      return evaluate(loc, loc[loc.length - 1] ?? "‹name›", modules).config;
    },
    emptyValue: { value: new Thunk(() => evaluate([], "‹name›", []).config) },
    nestedTypes: {},
    subModules: args.modules,
    substSubModules: (modules) => submoduleWith({ ...args, modules }),
    getSubOptions: (prefix) => evaluate(prefix, "<name>", []).options,
    typeMerge(other) {
      if (other.name !== "submodule" || other.subModules === undefined) return undefined;
      return submoduleWith({ ...args, modules: [...args.modules, ...other.subModules] });
    },
  };
  return self;
}

export function submodule(modules: Lazy | readonly Lazy[]): OptionType {
  return submoduleWith({ modules: Array.isArray(modules) ? modules : [modules as Lazy], shorthandOnlyDefinesConfig: true });
}
