/**
 * The options the manual documents, from the same option-doc list as
 * `options --json` (src/options-doc/option-doc-list.ts) and left out as
 * options.json leaves them (invisible, internal, a name seen twice),
 * sorted by name; a section the tree's documentation hides (the real
 * home-manager's `home-manager.users`) is read from its option's type.
 * Each goes to the section whose prefix its path starts
 * with (the longest): system-manager's options, and Home Manager's under
 * `home-manager.users.<name>`, named there as home-manager names them
 * (`programs.git.settings`). Description, default and example are
 * rendered to HTML here, safely (markdown-html.ts), so the page's script
 * inserts nothing it did not get escaped.
 */
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { showOption, type OptionPath } from "../module-system/option-path.ts";
import { optionDocList } from "../options-doc/option-doc-list.ts";
import { isOptionValue, locOf, subOptionsOf, type LiteralText, type OptionDoc, type RenderFailure } from "../options-doc/option-doc.ts";
import { escapeHtml } from "./html-escape.ts";
import { markdownToHtml } from "./markdown-html.ts";

export interface ManualSection {
  readonly title: string;
  /** The path the section's options are below, left out of their names. */
  readonly prefix: OptionPath;
}

export interface ManualOption {
  /** The name shown: the path without its section's prefix. */
  readonly name: string;
  /** The index of its section. */
  readonly section: number;
  readonly type: string;
  readonly descriptionHtml: string;
  readonly defaultHtml?: string;
  readonly exampleHtml?: string;
  readonly readOnly: boolean;
  readonly declarations: readonly string[];
}

export const SYSTEM_SECTIONS: readonly ManualSection[] = [
  { title: "System options", prefix: [] },
  { title: "Home Manager options", prefix: ["home-manager", "users", "<name>"] },
];

export const HOME_SECTIONS: readonly ManualSection[] = [{ title: "Home Manager options", prefix: [] }];

const NO_DESCRIPTION = "This option has no description.";

/** The documented options of `tree` (an evaluation's `options`); `onFailure` as optionDocList's. */
export function manualOptions(tree: Lazy, sections: readonly ManualSection[], onFailure?: RenderFailure): ManualOption[] {
  const seen = new Set<string>();
  const docs: OptionDoc[] = [];
  const take = (list: readonly OptionDoc[]): void => {
    for (const doc of list) {
      if (doc.visible === false || doc.visible === "transparent" || doc.internal || seen.has(doc.name)) continue;
      seen.add(doc.name);
      docs.push(doc);
    }
  };
  take(optionDocList(tree, onFailure));
  for (const s of sections) if (s.prefix.length > 0 && !docs.some((d) => below(d.loc, s.prefix))) take(shallowSection(tree, s.prefix, onFailure));
  docs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return docs.map((doc) => manualOption(doc, sections));
}

export function manualOption(doc: OptionDoc, sections: readonly ManualSection[]): ManualOption {
  const section = sectionOf(doc.loc, sections);
  const prefix = (sections[section] as ManualSection).prefix;
  const description = doc.description ?? NO_DESCRIPTION;
  return {
    name: showOption(doc.loc.slice(prefix.length)),
    section,
    type: doc.type,
    descriptionHtml: markdownToHtml(description, { headingOffset: 2 }),
    ...(doc.default !== undefined ? { defaultHtml: literalHtml(doc.default) } : {}),
    ...(doc.example !== undefined ? { exampleHtml: literalHtml(doc.example) } : {}),
    readOnly: doc.readOnly,
    declarations: doc.declarations,
  };
}

function below(loc: OptionPath, prefix: OptionPath): boolean {
  return loc.length > prefix.length && prefix.every((p, k) => loc[k] === p);
}

/**
 * A section's options that the tree's documentation leaves out: the real
 * home-manager's NixOS module declares `home-manager.users` with
 * `visible = "shallow"` (NixOS's manual does not list Home Manager's
 * options), so they are read here from that option's type (getSubOptions),
 * as `option home-manager.users.<name>.…` reads them.
 */
function shallowSection(tree: Lazy, prefix: OptionPath, onFailure: RenderFailure): OptionDoc[] {
  let cur = force(tree);
  for (const part of prefix) {
    if (!(cur instanceof NixAttrs) || isOptionValue(cur)) break;
    if (!cur.has(part)) return [];
    cur = force(cur.lazy(part) as Lazy);
  }
  if (!isOptionValue(cur)) return [];
  const opt = cur as NixAttrs;
  return optionDocList(subOptionsOf(opt, locOf(opt)), onFailure).filter((d) => below(d.loc, prefix));
}

/** The section with the longest prefix `loc` starts with (and is longer than). */
function sectionOf(loc: OptionPath, sections: readonly ManualSection[]): number {
  let best = 0;
  sections.forEach((s, i) => {
    if (below(loc, s.prefix) && s.prefix.length > (sections[best] as ManualSection).prefix.length) best = i;
  });
  return best;
}

/** A rendered default or example: Nix code as a code block, a `literalMD` as Markdown. */
function literalHtml(value: LiteralText): string {
  if (value._type === "literalMD") return markdownToHtml(value.text, { headingOffset: 2 });
  return `<pre><code class="language-nix">${escapeHtml(value.text)}</code></pre>`;
}
