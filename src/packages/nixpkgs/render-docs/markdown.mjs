// The Markdown of option descriptions (nixpkgs' dialect) read into
// blocks: paragraphs, headings, fenced and indented code, bullet and
// ordered lists, block quotes and admonitions (`::: {.note}` … `:::`).
// Inline content is read by inline.mjs. Anchors (`{#id}`) are dropped.
import { parseInline } from "./inline.mjs";

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/;
const ADMONITION = /^ {0,3}(:{3,})\s*\{\.(\w+)[^}]*\}\s*$/;
const ITEM = /^( {0,3})([-*+]|(\d{1,9})[.)])( +|$)(.*)$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(\s+\{#[^}]*\})?\s*#*\s*$/;

const indentOf = (line) => /^ */.exec(line)[0].length;
const blank = (line) => line.trim() === "";

/** Removes `n` columns of leading spaces (fewer when the line has fewer). */
function dedent(line, n) {
  return line.slice(Math.min(n, indentOf(line)));
}

function startsBlock(line) {
  return FENCE.test(line) || ADMONITION.test(line) || ITEM.test(line) || HEADING.test(line) || /^ {0,3}>/.test(line);
}

/** A list starting at lines[i]: its items' lines dedented to their content. */
function readList(lines, i) {
  const first = ITEM.exec(lines[i]);
  const ordered = first[3] !== undefined;
  const items = [];
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]);
    if (m === null || (m[3] !== undefined) !== ordered) break;
    const width = m[1].length + m[2].length + Math.max(1, Math.min(m[4].length, 4));
    const body = [m[5]];
    i++;
    while (i < lines.length) {
      const line = lines[i];
      if (blank(line)) {
        const next = lines.slice(i).findIndex((l) => !blank(l));
        if (next === -1 || indentOf(lines[i + next]) < width) break;
        body.push("");
      } else if (indentOf(line) >= width) body.push(dedent(line, width));
      else if (ITEM.test(line) || !body.length || blank(body[body.length - 1]) || startsBlock(line)) break;
      else body.push(line.trim());
      i++;
    }
    items.push(parseBlocks(body.join("\n")));
    while (i < lines.length && blank(lines[i])) {
      const next = lines.slice(i).findIndex((l) => !blank(l));
      if (next === -1 || !ITEM.test(lines[i + next])) break;
      i += next;
    }
  }
  return { block: { kind: "list", ordered, start: ordered ? Number(first[3]) : 1, items }, next: i };
}

/** Reads `text` into a list of blocks. */
export function parseBlocks(text) {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const indent = indentOf(line);
      const body = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${fence[1][0] === "`" ? "`" : "~"}{${fence[1].length},}\\s*$`).test(lines[i])) body.push(dedent(lines[i++], indent));
      i++;
      blocks.push({ kind: "code", lang: fence[2].trim(), text: body.join("\n") });
      continue;
    }
    const adm = ADMONITION.exec(line);
    if (adm !== null) {
      const close = new RegExp(`^ {0,3}:{${adm[1].length}}\\s*$`);
      const body = [];
      i++;
      let depth = 0;
      while (i < lines.length && !(depth === 0 && close.test(lines[i]))) {
        if (ADMONITION.test(lines[i])) depth++;
        else if (/^ {0,3}:{3,}\s*$/.test(lines[i]) && depth > 0) depth--;
        body.push(lines[i++]);
      }
      i++;
      blocks.push({ kind: "admonition", type: adm[2], blocks: parseBlocks(body.join("\n")) });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      blocks.push({ kind: "heading", level: heading[1].length, inlines: parseInline(heading[2]) });
      i++;
      continue;
    }
    if (ITEM.test(line)) {
      const { block, next } = readList(lines, i);
      blocks.push(block);
      i = next;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const body = [];
      while (i < lines.length && !blank(lines[i])) body.push(lines[i++].replace(/^ {0,3}> ?/, ""));
      blocks.push({ kind: "quote", blocks: parseBlocks(body.join("\n")) });
      continue;
    }
    if (indentOf(line) >= 4) {
      const body = [];
      while (i < lines.length && (indentOf(lines[i]) >= 4 || blank(lines[i]))) body.push(dedent(lines[i++], 4));
      while (body.length > 0 && blank(body[body.length - 1])) body.pop();
      blocks.push({ kind: "code", lang: "", text: body.join("\n") });
      continue;
    }
    const para = [line.trim()];
    i++;
    while (i < lines.length && !blank(lines[i]) && !startsBlock(lines[i])) para.push(lines[i++].trim());
    blocks.push({ kind: "paragraph", inlines: parseInline(para.join("\n")) });
  }
  return blocks;
}
