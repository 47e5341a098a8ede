/**
 * Option paths (`loc`): a list of attribute names, shown as NixOS's
 * `showOption` does: parts joined by ".", parts that are not plain
 * identifiers (or are keywords) quoted as Nix strings, and the placeholders
 * `*` and `<…>` (such as `<name>` or `<function body>`) left as they are.
 */
export type OptionPath = readonly string[];

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const KEYWORDS = new Set(["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"]);
const PLACEHOLDER = /^<.*>$/s;

/** nixpkgs `escapeNixString`: JSON quoting, with `$` escaped so `${` cannot interpolate. */
export function escapeNixString(s: string): string {
  return JSON.stringify(s).replaceAll("$", "\\$");
}

/** nixpkgs `escapeNixIdentifier`: the name as is when it is a plain identifier, else a quoted string. */
export function escapeNixIdentifier(name: string): string {
  return IDENT.test(name) && !KEYWORDS.has(name) ? name : escapeNixString(name);
}

export function showOptionPart(part: string): string {
  return part === "*" || PLACEHOLDER.test(part) ? part : escapeNixIdentifier(part);
}

export function showOption(loc: OptionPath): string {
  return loc.map(showOptionPart).join(".");
}

/** nixpkgs `showFiles`: "`a' and `b'". */
export function showFiles(files: readonly string[]): string {
  return files.map((f) => "`" + f + "'").join(" and ");
}

/** `[...loc, name]`, copied without the iteration a spread makes (an option read makes one). */
export function childPath(loc: OptionPath, name: string): string[] {
  const n = loc.length;
  const out = new Array<string>(n + 1);
  for (let i = 0; i < n; i++) out[i] = loc[i] as string;
  out[n] = name;
  return out;
}
