/**
 * Option paths (`loc`): a list of attribute names, shown as NixOS's
 * `showOption` does: parts joined by ".", parts that are not plain
 * identifiers (or are keywords) quoted with JSON escaping, placeholders
 * `*` and `<name>` left as they are.
 */
export type OptionPath = readonly string[];

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"]);

export function showOptionPart(part: string): string {
  if (part === "*" || part === "<name>" || part.startsWith("[definition")) return part;
  if (IDENT.test(part) && !KEYWORDS.has(part)) return part;
  return JSON.stringify(part);
}

export function showOption(loc: OptionPath): string {
  return loc.map(showOptionPart).join(".");
}
