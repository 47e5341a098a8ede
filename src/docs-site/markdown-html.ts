/**
 * Markdown to HTML for the manual (option descriptions, literalMD values,
 * the README's guides), safe for any input: the text is HTML-escaped and
 * only this renderer's own tags are made; raw HTML in the source is shown
 * as text. Blocks: paragraphs, ATX headings, fenced code, lists (nested,
 * ordered or not), block quotes, nixpkgs' admonitions (`::: {.note}` …
 * `:::`) and reference definitions; inline syntax: markdown-inline.ts.
 */
import { escapeHtml } from "./html-escape.ts";
import { renderInline, type InlineContext } from "./markdown-inline.ts";

export interface MarkdownOptions {
  /** Where the options page is from this page (default ""). */
  readonly optionsPage?: string;
  /** Added to a heading's level (`#` in an option description is then no page title). */
  readonly headingOffset?: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)/;
const ADMONITION = /^ {0,3}:::+\s*\{\.([\w-]+)[^}]*\}\s*$/;
const ADMONITION_END = /^ {0,3}:::+\s*$/;
const REFERENCE = /^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$/;
const QUOTE = /^ {0,3}> ?/;

export function markdownToHtml(markdown: string, options: MarkdownOptions = {}): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const ctx: InlineContext = { references: references(lines), optionsPage: options.optionsPage ?? "" };
  return blocks(lines, ctx, options.headingOffset ?? 0);
}

/** The reference definitions of a document (outside code blocks), by lower-cased name. */
function references(lines: readonly string[]): Map<string, string> {
  const refs = new Map<string, string>();
  let fence: string | undefined;
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (f !== null && (fence === undefined || (f[1] as string).startsWith(fence))) fence = fence === undefined ? (f[1] as string) : undefined;
    const r = fence === undefined ? REFERENCE.exec(line) : null;
    if (r !== null) refs.set((r[1] as string).toLowerCase().replace(/\s+/g, " "), r[2] as string);
  }
  return refs;
}

function blocks(lines: readonly string[], ctx: InlineContext, offset: number): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === "" || REFERENCE.test(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const indent = line.length - line.trimStart().length;
      const close = new RegExp(`^ {0,3}${(fence[1] as string)[0] === "`" ? "`" : "~"}{${(fence[1] as string).length},}\\s*$`);
      let j = i + 1;
      while (j < lines.length && !close.test(lines[j] as string)) j++;
      const code = lines.slice(i + 1, j).map((l) => l.replace(new RegExp(`^ {0,${indent}}`), ""));
      const lang = /^[\w+-]+/.exec((fence[2] as string).trim())?.[0];
      out.push(`<pre><code${lang === undefined ? "" : ` class="language-${escapeHtml(lang)}"`}>${escapeHtml(code.join("\n"))}${code.length > 0 ? "\n" : ""}</code></pre>`);
      i = j + 1;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      const level = Math.max(1, Math.min(6, (heading[1] as string).length + offset));
      const text = heading[2] ?? "";
      out.push(`<h${level} id="${escapeHtml(slug(text))}">${renderInline(text, ctx)}</h${level}>`);
      i++;
      continue;
    }
    const admonition = ADMONITION.exec(line);
    if (admonition !== null) {
      let depth = 1;
      let j = i + 1;
      for (; j < lines.length; j++) {
        if (ADMONITION.test(lines[j] as string)) depth++;
        else if (ADMONITION_END.test(lines[j] as string) && --depth === 0) break;
      }
      const kind = admonition[1] as string;
      const title = `<p class="admonition-title">${escapeHtml(kind[0]?.toUpperCase() + kind.slice(1))}</p>`;
      out.push(`<aside class="admonition ${escapeHtml(kind)}">${title}${blocks(lines.slice(i + 1, j), ctx, offset)}</aside>`);
      i = j + 1;
      continue;
    }
    if (QUOTE.test(line)) {
      let j = i;
      while (j < lines.length && QUOTE.test(lines[j] as string)) j++;
      out.push(`<blockquote>${blocks(lines.slice(i, j).map((l) => l.replace(QUOTE, "")), ctx, offset)}</blockquote>`);
      i = j;
      continue;
    }
    if (ITEM.test(line)) {
      i = list(lines, i, ctx, offset, out);
      continue;
    }
    let j = i + 1;
    while (j < lines.length && (lines[j] as string).trim() !== "" && !startsBlock(lines[j] as string)) j++;
    out.push(`<p>${renderInline(lines.slice(i, j).map((l) => l.trim()).join("\n"), ctx)}</p>`);
    i = j;
  }
  return out.join("\n");
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || ADMONITION.test(line) || ADMONITION_END.test(line) || QUOTE.test(line) || ITEM.test(line);
}

/** A list starting at line `i`, pushed onto `out`; the line after it. */
function list(lines: readonly string[], i: number, ctx: InlineContext, offset: number, out: string[]): number {
  const first = ITEM.exec(lines[i] as string) as RegExpExecArray;
  const indent = (first[1] as string).length;
  const ordered = /\d/.test(first[2] as string);
  const items: string[][] = [];
  let loose = false;
  let j = i;
  while (j < lines.length) {
    const line = lines[j] as string;
    const m = ITEM.exec(line);
    if (m !== null && (m[1] as string).length === indent && /\d/.test(m[2] as string) === ordered) {
      const width = m[0].length === line.length ? (m[1] as string).length + (m[2] as string).length + 1 : m[0].length;
      items.push([line.slice(m[0].length)]);
      j++;
      while (j < lines.length) {
        const next = lines[j] as string;
        const lead = next.length - next.trimStart().length;
        if (next.trim() === "") {
          const after = lines[j + 1];
          if (after === undefined || after.trim() === "" || after.length - after.trimStart().length < width) break;
          loose = true;
          (items[items.length - 1] as string[]).push("");
        } else if (lead >= width) (items[items.length - 1] as string[]).push(next.slice(width));
        else if (!startsBlock(next)) (items[items.length - 1] as string[]).push(next.trim());
        else break;
        j++;
      }
      const following = ITEM.exec(lines[j + 1] ?? "");
      if (lines[j]?.trim() === "" && following !== null && (following[1] as string).length === indent && /\d/.test(following[2] as string) === ordered) {
        loose = true;
        j++;
      }
      continue;
    }
    break;
  }
  const tag = ordered ? "ol" : "ul";
  const start = ordered && Number.parseInt(first[2] as string, 10) !== 1 ? ` start="${Number.parseInt(first[2] as string, 10)}"` : "";
  const rendered = items.map((item) => {
    const html = blocks(item, ctx, offset);
    const tight = !loose && html.startsWith("<p>") ? html.replace(/^<p>([\s\S]*?)<\/p>/, "$1") : html;
    return `<li>${tight}</li>`;
  });
  out.push(`<${tag}${start}>\n${rendered.join("\n")}\n</${tag}>`);
  return j;
}

/** A heading's anchor: its text lower-cased, runs of other characters as one `-`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
