/**
 * tmpfiles.d files as NixOS and system-manager write them: the `rules`
 * file with its header, and one file per `settings.<name>` with a quoted
 * line per path and type. In the argument, tab, newline, carriage return,
 * space and backslash are C-escaped (`\x20`), as tmpfiles.d(5) unescapes.
 */
export interface TmpfilesEntry {
  readonly type: string;
  readonly mode: string;
  readonly user: string;
  readonly group: string;
  readonly age: string;
  readonly argument: string;
}

export function renderTmpfilesRules(rules: readonly string[]): string {
  return (
    "# This file is created automatically and should not be modified.\n" +
    "# Please change the option \u2018systemd.tmpfiles.rules\u2019 instead.\n\n" +
    rules.join("\n") +
    "\n"
  );
}

const escapeArgument = (s: string) => s.replace(/[\t\n\r \\]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

const sortedKeys = (o: object) => Object.keys(o).sort();

export function renderTmpfilesSettings(paths: Readonly<Record<string, Readonly<Record<string, TmpfilesEntry>>>>): string {
  let out = "";
  for (const path of sortedKeys(paths)) {
    const types = paths[path] as Readonly<Record<string, TmpfilesEntry>>;
    for (const t of sortedKeys(types)) {
      const e = types[t] as TmpfilesEntry;
      out += `'${e.type}' '${path}' '${e.mode}' '${e.user}' '${e.group}' '${e.age}' ${escapeArgument(e.argument)}\n`;
    }
  }
  return out;
}
