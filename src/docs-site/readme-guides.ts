/**
 * The manual's guides: the README split at its `##` headings, one page
 * each (what comes before the first, under the README's title, is the
 * introduction), rendered with the manual's safe Markdown renderer. The
 * README's reference definitions hold for every page.
 */
import { markdownToHtml, slug } from "./markdown-html.ts";

export interface Guide {
  readonly title: string;
  /** The page's file name (`guide-using-it.html`). */
  readonly file: string;
  readonly html: string;
}

const H2 = /^## +(.+?)\s*#*\s*$/;
const REFERENCE = /^ {0,3}\[[^\]]+\]:\s*\S+.*$/;

export function readmeGuides(readme: string): Guide[] {
  const lines = readme.replace(/\r\n?/g, "\n").split("\n");
  const definitions = lines.filter((l) => REFERENCE.test(l));
  const sections: { title: string; lines: string[] }[] = [{ title: "Introduction", lines: [] }];
  let fenced = false;
  for (const line of lines) {
    if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
    const h2 = fenced ? null : H2.exec(line);
    if (h2 !== null) sections.push({ title: h2[1] as string, lines: [] });
    else if (!(sections.length === 1 && /^# /.test(line)) && !REFERENCE.test(line)) (sections[sections.length - 1] as { lines: string[] }).lines.push(line);
  }
  const files = new Set<string>();
  return sections
    .filter((s) => s.lines.some((l) => l.trim() !== ""))
    .map((s) => {
      const base = `guide-${slug(s.title) || "section"}`;
      let file = `${base}.html`;
      for (let n = 2; files.has(file); n++) file = `${base}-${n}.html`;
      files.add(file);
      return { title: s.title, file, html: markdownToHtml([...s.lines, "", ...definitions].join("\n"), { optionsPage: "index.html", headingOffset: -1 }) };
    });
}
