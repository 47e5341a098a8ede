/**
 * The manual as files (name → content), pure: index.html (the options
 * reference: a labelled search box, the results, the chosen option),
 * options.js (the options as data: a page opened from the file system
 * cannot fetch() JSON), manual.js and manual.css, a page per guide, and
 * the marker file that says a directory is a manual we wrote.
 */
import { showOption } from "../module-system/option-path.ts";
import { escapeHtml } from "./html-escape.ts";
import { MANUAL_SCRIPT } from "./manual-script.ts";
import { MANUAL_STYLE } from "./manual-style.ts";
import { MANUAL_TITLE, manualPage, type NavEntry } from "./manual-page.ts";
import type { ManualOption, ManualSection } from "./manual-options.ts";
import type { Guide } from "./readme-guides.ts";

export interface ManualInput {
  readonly sections: readonly ManualSection[];
  readonly options: readonly ManualOption[];
  readonly guides: readonly Guide[];
  /** What the options were evaluated from (a configuration's path, or our own modules). */
  readonly generatedFrom: string;
}

/** The file that marks a directory as a manual system-manager wrote (and may replace). */
export const MANUAL_MARKER = ".system-manager-manual";

export function manualSite(input: ManualInput): Map<string, string> {
  const nav: NavEntry[] = [{ title: "Options", file: "index.html" }, ...input.guides.map((g) => ({ title: g.title, file: g.file }))];
  const files = new Map<string, string>();
  const common = { nav, generatedFrom: input.generatedFrom };
  files.set("index.html", manualPage({ ...common, title: "Options", file: "index.html", body: optionsBody(input), scripts: ["options.js", "manual.js"] }));
  for (const g of input.guides) files.set(g.file, manualPage({ ...common, title: g.title, file: g.file, body: guideBody(g) }));
  files.set("options.js", optionsData(input));
  files.set("manual.js", MANUAL_SCRIPT);
  files.set("manual.css", MANUAL_STYLE);
  files.set(MANUAL_MARKER, "This directory is a manual written by `system-manager docs`, which replaces it when run again.\n");
  return files;
}

function optionsBody(input: ManualInput): string {
  const counts = input.sections.map((s, i) => `${input.options.filter((o) => o.section === i).length} ${s.title.replace(/ options$/, "")}`);
  const lead = `${input.options.length} options (${counts.join(", ")}). Search by name, whole or in part (<code>programs.git</code>, <code>git.settings</code>), or by words of the description.`;
  const select =
    input.sections.length > 1
      ? `<div><label for="section">Section</label>
<select id="section">
<option value="">All</option>
${input.sections.map((s, i) => `<option value="${i}">${escapeHtml(s.title)}</option>`).join("\n")}
</select></div>
`
      : "";
  return `<h1>Options</h1>
<p class="lead">${lead}</p>
<div class="search" role="search">
<div class="query"><label for="search">Search options</label>
<input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="programs.git.settings" aria-describedby="count" aria-controls="results"></div>
${select}</div>
<p id="count" role="status"></p>
<div class="options">
<section aria-label="Matching options"><ol id="results"></ol></section>
<article id="option" tabindex="-1" aria-label="Option"></article>
</div>
<noscript><p>Searching and showing the options needs JavaScript; their data is in options.js beside this page.</p></noscript>`;
}

function guideBody(g: Guide): string {
  const headings = [...g.html.matchAll(/<h2 id="([^"]*)">([\s\S]*?)<\/h2>/g)];
  const contents =
    headings.length < 2
      ? ""
      : `<nav class="guide-contents" aria-label="Contents"><ul>\n${headings.map((h) => `<li><a href="#${h[1]}">${(h[2] as string).replace(/<(?!\/?code>)[^>]*>/g, "")}</a></li>`).join("\n")}\n</ul></nav>\n`;
  return `<article class="guide">
<h1>${escapeHtml(g.title)}</h1>
${contents}${g.html}
</article>`;
}

/** options.js: the sections and options as one JavaScript value, an option a line. */
function optionsData(input: ManualInput): string {
  const sections = input.sections.map((s) => ({ title: s.title, short: s.title.replace(/ options$/, ""), prefix: s.prefix.length === 0 ? "" : showOption(s.prefix) }));
  const options = input.options.map((o) =>
    json({
      n: o.name,
      s: o.section,
      t: o.type,
      d: o.descriptionHtml,
      ...(o.defaultHtml !== undefined ? { df: o.defaultHtml } : {}),
      ...(o.exampleHtml !== undefined ? { ex: o.exampleHtml } : {}),
      ...(o.readOnly ? { ro: true } : {}),
      dl: o.declarations,
    }),
  );
  return `window.SYSTEM_MANAGER_MANUAL = {"title":${json(MANUAL_TITLE)},"sections":${json(sections)},"options":[\n${options.join(",\n")}\n]};\n`;
}

/** JSON that is also safe JavaScript anywhere: no `<` (no `</script>`), no line separators. */
function json(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
