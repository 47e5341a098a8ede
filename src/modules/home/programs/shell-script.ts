/**
 * Pieces shared by the shell rc files home-manager writes: quoting a word,
 * alias lines, and joining blocks (blank ones dropped, each without
 * trailing newlines) with one empty line between them.
 */

/** `s` as one shell word: bare when it is safe, otherwise single-quoted. */
export function shellEscape(s: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The non-blank `blocks`, separated by an empty line, ending with a newline. */
export function joinShellBlocks(blocks: readonly string[]): string {
  return blocks.filter((x) => x.trim() !== "").map((x) => x.replace(/\n+$/, "")).join("\n\n") + "\n";
}

/** `alias -- name=value` lines, sorted by name. */
export function renderAliases(aliases: Readonly<Record<string, string>>): string {
  return Object.keys(aliases).sort().map((k) => `alias -- ${k}=${shellEscape(aliases[k] as string)}`).join("\n");
}
