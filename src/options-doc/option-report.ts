/**
 * What `option PATH` answers, as data: for a set of options the names
 * below it; for an option its documentation and, when a configuration was
 * evaluated, its value (rendered as Nix) and the files defining it — or
 * why no value is shown. Rendered as nixos-option prints it
 * (render-option.ts) or as JSON.
 */
import { force, type Lazy, type NixAttrs } from "../nix/value.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { showOption, type OptionPath } from "../module-system/option-path.ts";
import type { FoundOption } from "./find-option.ts";
import { optionDoc, prettyValue, textOf, type OptionDoc, type RenderFailure } from "./option-doc.ts";

export type OptionValue = { readonly text: string; readonly files: readonly string[] } | { readonly none: string };

export type OptionReport =
  | { readonly kind: "set"; readonly path: OptionPath; readonly names: readonly string[] }
  | { readonly kind: "option"; readonly path: OptionPath; readonly doc: OptionDoc; readonly value: OptionValue };

/** The report of what `findOption` found; `noConfiguration` says why no configuration was evaluated, when none was; `onFailure`: option-doc.ts's. */
export function optionReport(found: FoundOption, noConfiguration: string | undefined, onFailure?: RenderFailure): OptionReport {
  if (found.kind === "set") return found;
  return { kind: "option", path: found.path, doc: optionDoc(found.option, onFailure), value: valueOf(found, noConfiguration) };
}

function valueOf(found: FoundOption & { kind: "option" }, noConfiguration: string | undefined): OptionValue {
  if (noConfiguration !== undefined) return { none: noConfiguration };
  const shown = showOption(found.path);
  if (found.generic) return { none: `\`${shown}' names a placeholder, not one attribute: give a name to see its value` };
  const opt = found.instance ?? (found.belowOption ? undefined : found.option);
  if (opt === undefined) return { none: `no definition of \`${shown}' in this configuration` };
  if (force(opt.lazy("isDefined") ?? true) === false) return { none: "the option is not defined and has no default" };
  try {
    const text = prettyValue(opt.lazy("value") as Lazy);
    return { text, files: filesOf(opt) };
  } catch (e) {
    if (e instanceof UserError) throw e.withContext(`while evaluating the value of option \`${shown}'`);
    throw e;
  }
}

function filesOf(opt: NixAttrs): string[] {
  const files = force(opt.lazy("files") ?? []);
  return Array.isArray(files) ? files.map((f) => textOf(f) ?? String(force(f))) : [];
}
