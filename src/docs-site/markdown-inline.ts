/**
 * Markdown's inline syntax, the small part option descriptions and the
 * README use, rendered safely: every character of the text is
 * HTML-escaped, and only what this renderer makes is markup. Code spans
 * (with nixpkgs' MyST roles: {option}`a.b` links the option, {command},
 * {file}, {env}, {var}, {manpage} … are code), links (inline
 * `[text](url)`, reference `[text][ref]` and `[ref]`, autolinks
 * `<https://…>`; a target safeHref refuses is shown as its text alone),
 * `**strong**`, `*emphasis*` and backslash escapes.
 */
import { escapeHtml, optionFragment, safeHref } from "./html-escape.ts";

export interface InlineContext {
  /** Reference definitions (`[name]: url`), by lower-cased name. */
  readonly references: ReadonlyMap<string, string>;
  /** Where the options page is from this page ("" on it, "index.html" elsewhere). */
  readonly optionsPage: string;
}

const ROLE = /^\{([a-zA-Z][\w-]*)\}(?=`)/;
const AUTOLINK = /^<((?:https?|mailto):[^\s<>]+)>/i;
/** A link's destination (bare, or in <>) and an optional quoted title: anything else in the parentheses is no link. */
const DESTINATION = /^(<[^<>\n]*>|[^\s<>]*)(?:\s+("[^"]*"|'[^']*'|\([^()]*\)))?$/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

export function renderInline(src: string, ctx: InlineContext, inLink = false): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const rest = src.slice(i);
    const role = ROLE.exec(rest);
    if (c === "`" || role !== null) {
      const start = role === null ? i : i + role[0].length;
      const span = codeSpan(src, start);
      if (span !== undefined) {
        out += renderCode(span.code, role?.[1], ctx, inLink);
        i = span.end;
        continue;
      }
      if (role === null) {
        const run = /^`+/.exec(rest)?.[0] as string;
        out += run;
        i += run.length;
        continue;
      }
    }
    if (c === "\\" && i + 1 < src.length && PUNCTUATION.test(src[i + 1] as string)) {
      out += escapeHtml(src[i + 1] as string);
      i += 2;
      continue;
    }
    if (c === "[" && !inLink) {
      const link = parseLink(src, i, ctx);
      if (link !== undefined) {
        const text = renderInline(link.text, ctx, true);
        out += link.href === undefined ? text : `<a href="${escapeHtml(link.href)}">${text}</a>`;
        i = link.end;
        continue;
      }
    }
    const auto = c === "<" && !inLink ? AUTOLINK.exec(rest) : null;
    if (auto !== null) {
      const href = safeHref(auto[1] as string);
      out += href === undefined ? escapeHtml(auto[0]) : `<a href="${escapeHtml(href)}">${escapeHtml(auto[1] as string)}</a>`;
      i += auto[0].length;
      continue;
    }
    if (c === "*") {
      const em = emphasis(src, i);
      if (em !== undefined) {
        const tag = em.strong ? "strong" : "em";
        out += `<${tag}>${renderInline(em.inner, ctx, inLink)}</${tag}>`;
        i = em.end;
        continue;
      }
    }
    out += escapeHtml(c);
    i++;
  }
  return out;
}

/** A code span opening at `start` (a run of backticks closed by a run as long): its text and where it ends. */
function codeSpan(src: string, start: number): { code: string; end: number } | undefined {
  const run = /^`+/.exec(src.slice(start))?.[0];
  if (run === undefined) return undefined;
  let j = start + run.length;
  while (j < src.length) {
    const close = src.indexOf(run, j);
    if (close === -1) return undefined;
    if (src[close + run.length] !== "`" && src[close - 1] !== "`") {
      let code = src.slice(start + run.length, close).replace(/\n/g, " ");
      if (code.length > 2 && code.startsWith(" ") && code.endsWith(" ")) code = code.slice(1, -1);
      return { code, end: close + run.length };
    }
    j = close + run.length;
    while (src[j] === "`") j++;
  }
  return undefined;
}

function renderCode(code: string, role: string | undefined, ctx: InlineContext, inLink: boolean): string {
  const html = `<code>${escapeHtml(code)}</code>`;
  if (role === "option" && !inLink) return `<a class="option-ref" href="${escapeHtml(ctx.optionsPage + optionFragment(code))}">${html}</a>`;
  return html;
}

/** `[text](url)`, `[text][ref]` or `[ref]` at `i`: its text, target (undefined when unsafe) and end; undefined when it is no link. */
function parseLink(src: string, i: number, ctx: InlineContext): { text: string; href: string | undefined; end: number } | undefined {
  const close = closingBracket(src, i);
  if (close === undefined) return undefined;
  const text = src.slice(i + 1, close);
  if (src[close + 1] === "(") {
    const end = closingParen(src, close + 1);
    if (end === undefined) return undefined;
    const dest = DESTINATION.exec(src.slice(close + 2, end).trim());
    if (dest === null) return undefined;
    const target = dest[1] as string;
    const url = target.startsWith("<") ? target.slice(1, -1) : target;
    return { text, href: safeHref(url), end: end + 1 };
  }
  const ref = /^\[([^\]]*)\]/.exec(src.slice(close + 1));
  const key = (ref === null || ref[1] === "" ? text : (ref[1] as string)).toLowerCase().replace(/\s+/g, " ");
  const url = ctx.references.get(key);
  if (url === undefined) return undefined;
  return { text, href: safeHref(url), end: close + 1 + (ref === null ? 0 : ref[0].length) };
}

/** The `]` closing the `[` at `i` (brackets nested, code spans skipped). */
function closingBracket(src: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "`") {
      const span = codeSpan(src, j);
      if (span !== undefined) j = span.end - 1;
    } else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return j;
  }
  return undefined;
}

function closingParen(src: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === "\n" && src[j + 1] === "\n") return undefined;
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j;
  }
  return undefined;
}

/** `**strong**` or `*emphasis*` at `i`, its delimiters touching non-space text. */
function emphasis(src: string, i: number): { strong: boolean; inner: string; end: number } | undefined {
  const strong = src.startsWith("**", i);
  const d = strong ? "**" : "*";
  const from = i + d.length;
  if (from >= src.length || /\s/.test(src[from] as string)) return undefined;
  let close = src.indexOf(d, from + 1);
  while (close !== -1 && (/\s/.test(src[close - 1] as string) || (!strong && src[close + 1] === "*"))) close = src.indexOf(d, close + 1);
  if (close === -1 || src.slice(from, close).includes("\n\n")) return undefined;
  return { strong, inner: src.slice(from, close), end: close + d.length };
}
