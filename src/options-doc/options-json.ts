/**
 * An option tree as NixOS's options.json (nixpkgs' make-options-doc): an
 * object keyed by option name (with the `<name>` and `*` placeholders),
 * the invisible and internal options left out, each option with
 * `declarations`, `default`, `description`, `example`, `loc`, `readOnly`,
 * `type` (and `relatedPackages`), keys in order as builtins.toJSON writes
 * them. An option without a description gets mergeJSON.py's "This option
 * has no description."; a name seen twice keeps its first (listToAttrs).
 */
import type { Lazy } from "../nix/value.ts";
import { toJS } from "../nix/js-value.ts";
import { optionDocList } from "./option-doc-list.ts";
import type { OptionDoc, RenderFailure } from "./option-doc.ts";

const NO_DESCRIPTION = "This option has no description.";

/** The options.json entry of one option. */
export function optionJsonEntry(doc: OptionDoc): Record<string, unknown> {
  return sortedKeys({
    declarations: doc.declarations,
    ...(doc.default !== undefined ? { default: sortedKeys({ ...doc.default }) } : {}),
    description: doc.description ?? NO_DESCRIPTION,
    ...(doc.example !== undefined ? { example: sortedKeys({ ...doc.example }) } : {}),
    loc: doc.loc,
    readOnly: doc.readOnly,
    type: doc.type,
    ...(doc.relatedPackages !== undefined ? { relatedPackages: toJS(doc.relatedPackages) } : {}),
  });
}

/** The whole of options.json for `tree` (an evaluation's `options`), one line as builtins.toJSON writes it. */
export function optionsJson(tree: Lazy, onFailure?: RenderFailure): string {
  const entries = new Map<string, Record<string, unknown>>();
  for (const doc of optionDocList(tree, onFailure)) {
    if (doc.visible === false || doc.visible === "transparent" || doc.internal || entries.has(doc.name)) continue;
    entries.set(doc.name, optionJsonEntry(doc));
  }
  const names = [...entries.keys()].sort(byCodeUnits);
  return JSON.stringify(Object.fromEntries(names.map((n) => [n, entries.get(n)])));
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedKeys<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.keys(o).sort(byCodeUnits).map((k) => [k, o[k]])) as T;
}
