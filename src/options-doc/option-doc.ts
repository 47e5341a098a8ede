/**
 * One option's documentation, read from its Nix value (an option of an
 * `options` tree, ours or one made by nixpkgs' own lib.evalModules), as
 * nixpkgs' `optionAttrSetToDocList` records it: its path, its type's
 * description, its description, default and example rendered as
 * `renderOptionValue` does (a `literalExpression`/`literalMD` as it is,
 * anything else pretty-printed as Nix), read-only, internal, visible and
 * the files that declare it. Rendering a default names the option in the
 * error, as nixpkgs' context does.
 */
import { force, isString, NixAttrs, NixFunction, stringText, typeTag, type Lazy, type Value } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showOption, type OptionPath } from "../module-system/option-path.ts";
import { toPretty } from "../module-system/pretty.ts";

/** A rendered value: Nix code (`literalExpression`) or Markdown (`literalMD`). */
export interface LiteralText {
  readonly _type: string;
  readonly text: string;
}

export interface OptionDoc {
  readonly loc: OptionPath;
  /** showOption of loc. */
  readonly name: string;
  /** The type's description ("unspecified" without one). */
  readonly type: string;
  readonly description: string | null;
  readonly default?: LiteralText;
  readonly example?: LiteralText;
  readonly readOnly: boolean;
  readonly internal: boolean;
  /** nixpkgs' `visible`: true, false, "shallow" (its sub-options hidden) or "transparent" (only they shown). */
  readonly visible: boolean | "shallow" | "transparent";
  /** The declaring files, without nixpkgs' `<unknown-file>`. */
  readonly declarations: readonly string[];
  readonly relatedPackages?: Value;
}

const UNKNOWN_MODULE = "<unknown-file>";

/** Whether `v` is an option (nixpkgs `isOption`). */
export function isOptionValue(v: Value | undefined): boolean {
  return v instanceof NixAttrs && typeTag(v) === "option";
}

/** A string field's text, or undefined. */
export function textOf(v: Lazy | undefined): string | undefined {
  if (v === undefined) return undefined;
  const x = force(v);
  return isString(x) ? stringText(x) : undefined;
}

/** The option's path (its `loc`). */
export function locOf(opt: NixAttrs): string[] {
  const loc = force(opt.lazy("loc") ?? []);
  return Array.isArray(loc) ? loc.map((p) => textOf(p) ?? String(force(p))) : [];
}

/** nixpkgs `renderOptionValue`: a literal as it is, anything else as Nix (toPretty, multiline, pretty values allowed). */
export function renderOptionValue(v: Lazy): LiteralText {
  const x = force(v);
  if (x instanceof NixAttrs && x.has("_type") && x.has("text")) {
    return { _type: textOf(x.lazy("_type")) ?? "literalExpression", text: textOf(x.lazy("text")) ?? "" };
  }
  return { _type: "literalExpression", text: prettyValue(x) };
}

/** A value as Nix, as nixos-option and lib.generators.toPretty { multiline = true; } print it. */
export function prettyValue(v: Lazy): string {
  return toPretty(v, "", 0, { depthLimit: Infinity, multiline: true, allowPrettyValues: true });
}

/**
 * What to do with a default or example that fails to evaluate (a package
 * the package set lacks): undefined throws the error with the option named,
 * as nixpkgs' docs do; a function is told (the option named) and the value
 * is shown as `«error: …»`, as nixos-option shows a value that fails.
 */
export type RenderFailure = ((message: string) => void) | undefined;

function rendered(what: string, name: string, onFailure: RenderFailure, f: () => LiteralText): LiteralText {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    if (onFailure === undefined) throw e.withContext(`while evaluating the ${what} of option \`${name}\``);
    const first = e.message.split("\n")[0] as string;
    onFailure(`cannot evaluate the ${what} of option \`${name}': ${first}`);
    return { _type: "literalExpression", text: `«error: ${first}»` };
  }
}

/** The option's type (its Nix value), if it has one. */
export function typeOfOption(opt: NixAttrs): NixAttrs | undefined {
  const t = opt.lazy("type");
  const v = t === undefined ? undefined : force(t);
  return v instanceof NixAttrs ? v : undefined;
}

/** The options below an option of a type with sub-options (a submodule's, `<name>`'s …), at `loc`; empty for other types. */
export function subOptionsOf(opt: NixAttrs, loc: OptionPath): NixAttrs {
  const get = typeOfOption(opt)?.lazy("getSubOptions");
  const f = get === undefined ? undefined : force(get);
  if (!(f instanceof NixFunction)) return NixAttrs.empty;
  const sub = force(f.call([...loc]));
  return sub instanceof NixAttrs ? sub : NixAttrs.empty;
}

export function optionDoc(opt: NixAttrs, onFailure?: RenderFailure): OptionDoc {
  const loc = locOf(opt);
  const name = showOption(loc);
  const type = typeOfOption(opt);
  const visible = force(opt.lazy("visible") ?? true);
  const declarations = force(opt.lazy("declarations") ?? []);
  const doc: { -readonly [K in keyof OptionDoc]: OptionDoc[K] } = {
    loc,
    name,
    type: textOf(type?.lazy("description")) ?? "unspecified",
    description: textOf(opt.lazy("description")) ?? null,
    readOnly: force(opt.lazy("readOnly") ?? false) === true,
    internal: force(opt.lazy("internal") ?? false) === true,
    visible: typeof visible === "boolean" ? visible : textOf(visible) === "shallow" ? "shallow" : textOf(visible) === "transparent" ? "transparent" : true,
    declarations: (Array.isArray(declarations) ? declarations : []).map((d) => textOf(d) ?? String(force(d))).filter((d) => d !== UNKNOWN_MODULE),
  };
  // Rendered when read: an option left out (internal, invisible) never evaluates its default, as nixpkgs' lazy records.
  const example = opt.lazy("example");
  if (example !== undefined) lazyField(doc, "example", () => rendered("example", name, onFailure, () => renderOptionValue(example)));
  const shown = opt.lazy("defaultText") ?? opt.lazy("default") ?? emptyValueDefault(type);
  if (shown !== undefined) {
    const what = opt.has("defaultText") ? "defaultText" : "default value";
    lazyField(doc, "default", () => rendered(what, name, onFailure, () => renderOptionValue(shown)));
  }
  const related = opt.lazy("relatedPackages");
  if (related !== undefined && force(related) !== null) doc.relatedPackages = force(related);
  return doc;
}

/** Defines `key` on `o` as computed once, when first read (and enumerable: it is there). */
function lazyField<T>(o: object, key: string, f: () => T): void {
  let v: { value: T } | undefined;
  Object.defineProperty(o, key, { enumerable: true, get: () => (v ??= { value: f() }).value });
}

/** A type's `emptyValue` counts as the default of a type without submodules (nixpkgs: a submodule's would evaluate it bare). */
function emptyValueDefault(type: NixAttrs | undefined): Lazy | undefined {
  if (type === undefined) return undefined;
  const empty = type.has("emptyValue") ? force(type.lazy("emptyValue") as Lazy) : undefined;
  const subModules = type.has("getSubModules") ? force(type.lazy("getSubModules") as Lazy) : null;
  return empty instanceof NixAttrs && empty.has("value") && subModules === null ? empty.lazy("value") : undefined;
}
