/**
 * The manual's escaping: text into HTML (element content and attribute
 * values alike), option names into URL fragments, and which link targets
 * a page may carry (http, https, mailto, or a relative address; never
 * `javascript:`, `data:` or any other scheme).
 */

const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** `text` as HTML text, safe in element content and in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** The fragment that opens an option in the options page (`#opt-programs.git.settings`), percent-encoded as encodeURIComponent does. */
export function optionFragment(name: string): string {
  return `#opt-${encodeURIComponent(name)}`;
}

const SAFE_SCHEME = /^(https?|mailto):/i;

/**
 * `url` as a link target, or undefined when a page must not link it: a
 * scheme other than http, https or mailto, or control characters and
 * spaces, which browsers drop from a scheme (`java\tscript:`).
 */
export function safeHref(url: string): string | undefined {
  if (url === "" || /[\u0000-\u0020\u007f-\u009f\\]/.test(url)) return undefined;
  const colon = url.indexOf(":");
  const stop = url.search(/[/?#]/);
  const hasScheme = colon !== -1 && (stop === -1 || colon < stop);
  if (hasScheme && !SAFE_SCHEME.test(url)) return undefined;
  return url;
}
