/**
 * Option declarations (`mkOption` results) and how several declarations of
 * the same option combine (nixpkgs `mergeOptionDecls`): types merge through
 * typeMerge; default, example, description and apply may each come from
 * one declaration only. A plain option tree declared beside them (below a
 * submodule option) adds a module of those options. Each declaration's
 * submodules are kept with its file, the latest declaration's first, and
 * fixupOptionType gives them to the merged type, as nixpkgs does.
 */
import { force, isString, NixAttrs, NixFunction, stringText, type Lazy } from "../nix/value.ts";
import { Layout } from "../nix/attrs-layout.ts";
import { isOption } from "./merge-definitions.ts";
import { UserError } from "../diagnostics/user-error.ts";
import type { Span } from "../diagnostics/location.ts";
import { showFiles, showOption, type OptionPath } from "./option-path.ts";
import { typeFromValue, type OptionType } from "./types/option-type.ts";
import { unspecified } from "./types/anything.ts";

export interface DeclarationSite {
  readonly file: string;
  readonly pos?: Span;
}

export interface OptionDeclaration {
  readonly loc: OptionPath;
  readonly type: OptionType;
  readonly default?: Lazy;
  readonly defaultText?: Lazy;
  readonly example?: Lazy;
  readonly description?: string;
  readonly apply?: NixFunction;
  readonly readOnly: boolean;
  readonly internal: boolean;
  readonly visible: Lazy;
  readonly declarations: readonly DeclarationSite[];
}

export interface DeclarationSource extends DeclarationSite {
  readonly value: NixAttrs;
}

/** A merged declaration and its declarations' submodules (nixpkgs' `options` of a merged declaration). */
export interface MergedDeclaration extends OptionDeclaration {
  readonly subModules: readonly Lazy[];
}

const UNIQUE_FIELDS = ["default", "example", "description", "apply"] as const;
const LOCATED = new Layout(["_file", "imports"], undefined);
const OPTIONS = new Layout(["options"], undefined);

/** nixpkgs `setDefaultModuleLocation`: `{ _file = file; imports = [ m ]; }`. */
function located(file: string, m: Lazy): NixAttrs {
  return NixAttrs.fromLayout(LOCATED, [file, [m]]);
}

export function mergeOptionDecls(loc: OptionPath, decls: readonly DeclarationSource[]): MergedDeclaration {
  let type: OptionType | undefined;
  const fields = new Map<string, { value: Lazy; site: DeclarationSite }>();
  const flags = { readOnly: false, internal: false };
  let visible: Lazy = true;
  let subModules: Lazy[] = [];
  decls.forEach((d, i) => {
    if (!isOption(d.value)) {
      subModules = [located(d.file, NixAttrs.fromLayout(OPTIONS, [d.value])), ...subModules];
      return;
    }
    const alreadyDeclared = () =>
      new UserError(`The option \`${showOption(loc)}' in \`${d.file}' is already declared in ${showFiles(decls.slice(0, i).map((p) => p.file))}.`, d.pos);
    for (const field of [...UNIQUE_FIELDS, "defaultText"]) {
      const v = d.value.lazy(field);
      if (v === undefined) continue;
      if (fields.has(field) && field !== "defaultText") throw alreadyDeclared();
      fields.set(field, { value: v, site: d });
    }
    const t = d.value.get("type");
    if (t !== undefined) {
      const declared = typeFromValue(t, `the type of option \`${showOption(loc)}'`);
      if (type === undefined) {
        type = declared;
      } else {
        const merged = type.typeMerge(declared);
        if (merged === undefined) throw alreadyDeclared();
        type = merged;
      }
      if (declared.subModules !== undefined) subModules = [...declared.subModules.map((m) => located(d.file, m)), ...subModules];
    }
    if (force(d.value.get("readOnly") ?? false) === true) flags.readOnly = true;
    if (force(d.value.get("internal") ?? false) === true) flags.internal = true;
    const vis = d.value.lazy("visible");
    if (vis !== undefined) visible = vis;
  });
  const description = fields.get("description")?.value;
  const apply = fields.get("apply") === undefined ? undefined : force((fields.get("apply") as { value: Lazy }).value);
  if (apply !== undefined && apply !== null && !(apply instanceof NixFunction)) {
    throw new UserError(`The \`apply' of option \`${showOption(loc)}' must be a function`);
  }
  const descValue = description === undefined ? undefined : force(description);
  return {
    loc,
    type: type ?? unspecified,
    default: fields.get("default")?.value,
    defaultText: fields.get("defaultText")?.value,
    example: fields.get("example")?.value,
    description: descValue !== undefined && descValue !== null && isString(descValue) ? stringText(descValue) : undefined,
    apply: apply instanceof NixFunction ? apply : undefined,
    readOnly: flags.readOnly,
    internal: flags.internal,
    visible,
    declarations: decls.map((d) => (d.pos === undefined ? { file: d.file } : { file: d.file, pos: d.pos })),
    subModules,
  };
}

/** nixpkgs `fixupOptionType`: a type with submodules takes its declarations' ones, each with the file that declared it. */
export function fixupOptionType(decl: MergedDeclaration): OptionDeclaration {
  const { type } = decl;
  if (type.subModules === undefined || type.substSubModules === undefined) return decl;
  return { ...decl, type: type.substSubModules(decl.subModules) };
}
