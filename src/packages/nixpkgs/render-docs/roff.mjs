// Markdown blocks (markdown.mjs) as man(7) roff, the way nixos-render-docs
// writes option descriptions: paragraphs after `.sp`, code blocks
// unfilled and indented, lists as indented paragraphs with a bullet or
// number (an item's later blocks at its text's indentation), admonitions as an indented block under their bold title.
// Literal text is escaped so no line starts a request, `-` stays a
// hyphen and the page is ASCII (other characters as `\[uXXXX]`); code,
// commands and options are bold, files and variables italic, a link's
// target follows its text.

/** `s` escaped for roff text (no request can start a line). */
export function manEscape(s) {
  return s
    .replace(/\\/g, "\\e")
    .replace(/-/g, "\\-")
    .replace(/\./g, "\\&.")
    .replace(/^'/gm, "\\&'")
    .replace(/\u00a0/g, "\\ ")
    .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}]`);
}

/** `s` in font `f` (B bold, I italic), back to font `after` (roman). */
export const font = (f, s, after = "R") => `\\f${f}${s}\\f${after}`;

function inlineText(nodes) {
  return nodes.map((n) => (n.kind === "text" || n.kind === "code" || n.kind === "role" ? n.text : n.children ? inlineText(n.children) : "")).join("");
}

function role(name, text, outer) {
  switch (name) {
    case "manpage": {
      const m = /^(.+)\((\w+)\)$/.exec(text);
      return m === null ? font("B", manEscape(text), outer) : `${font("B", manEscape(m[1]), outer)}(${manEscape(m[2])})`;
    }
    case "file":
    case "var":
      return font("I", manEscape(text), outer);
    default:
      return font("B", manEscape(text), outer);
  }
}

/** Inline nodes as roff, newlines kept (each line escaped); `outer` is the font around them. */
export function renderInline(nodes, outer = "R") {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case "text":
          return manEscape(n.text);
        case "code":
          return font("B", manEscape(n.text), outer);
        case "role":
          return role(n.role, n.text, outer);
        case "strong":
          return font("B", renderInline(n.children, "B"), outer);
        case "emph":
          return font("I", renderInline(n.children, "I"), outer);
        case "break":
          return "\n.br\n";
        case "link": {
          const label = renderInline(n.children, outer);
          const same = inlineText(n.children) === n.href || n.href.startsWith("#") || n.href === "";
          return same ? label : `${label} \\[la]${manEscape(n.href)}\\[ra]`;
        }
        default:
          return "";
      }
    })
    .join("")
    .split("\n")
    .map((l) => l.replace(/^\s+/, ""))
    .filter((l) => l !== "")
    .join("\n");
}

/** A code block: unfilled, indented, every line escaped. */
export function codeBlock(text) {
  const lines = text.replace(/\n+$/, "").split("\n").map((l) => (l === "" ? "" : manEscape(l)));
  return [".sp", ".RS 4", ".nf", ...lines, ".fi", ".RE"];
}

const TITLES = { note: "Note", warning: "Warning", tip: "Tip", caution: "Caution", important: "Important", example: "Example" };

/** Blocks as roff lines. */
export function renderBlocks(blocks) {
  const out = [];
  for (const b of blocks) {
    switch (b.kind) {
      case "paragraph":
      case "heading": {
        const text = renderInline(b.inlines);
        if (text !== "") out.push(".sp", b.kind === "heading" ? font("B", text.replace(/\n/g, " ")) : text);
        break;
      }
      case "code":
        out.push(...codeBlock(b.text));
        break;
      case "quote":
        out.push(".RS 4", ...renderBlocks(b.blocks), ".RE");
        break;
      case "admonition":
        out.push(".sp", ".RS 4", font("B", TITLES[b.type] ?? b.type[0].toUpperCase() + b.type.slice(1)), ".br", ...withoutLeadingSpace(renderBlocks(b.blocks)), ".RE");
        break;
      case "list":
        out.push(".RS 4");
        b.items.forEach((item, k) => {
          const mark = b.ordered ? `${b.start + k}.` : "\\(bu";
          item.forEach((block, j) => out.push(j === 0 ? `.IP "${mark}" 4` : '.IP "" 4', ...withoutLeadingSpace(renderBlocks([block]))));
        });
        out.push(".RE");
        break;
    }
  }
  return out;
}

/** Drops a leading `.sp`: the first paragraph of an item or admonition starts on its line. */
export function withoutLeadingSpace(lines) {
  return lines[0] === ".sp" ? lines.slice(1) : lines;
}
