/**
 * The text of /etc/sudoers from `security.sudo`, line for line as NixOS's
 * sudo module writes `security.sudo.configFile`: its header, one line per
 * user and per group of each rule that has commands (users by name or
 * `#uid`, groups as `%name` or `%#gid`, each command with its tags
 * `TAG:TAG: cmd`), then `extraConfig` under an `# extraConfig` comment.
 */

export type SudoCommand = string | { readonly command: string; readonly options: readonly string[] };

export interface SudoRule {
  readonly users: readonly (string | number | bigint)[];
  readonly groups: readonly (string | number | bigint)[];
  readonly host: string;
  readonly runAs: string;
  readonly commands: readonly SudoCommand[];
}

const HEADER = "# Don't edit this file. Set the NixOS options ‘security.sudo.configFile’\n# or ‘security.sudo.extraRules’ instead.\n";

const userSpec = (u: string | number | bigint) => (typeof u === "string" ? u : `#${u}`);
const groupSpec = (g: string | number | bigint) => (typeof g === "string" ? `%${g}` : `%#${g}`);
const tags = (options: readonly string[]) => `${options.join(":")}${options.length === 0 ? "" : ":"} `;
const commands = (cs: readonly SudoCommand[]) => cs.map((c) => (typeof c === "string" ? c : `${tags(c.options)}${c.command}`)).join(", ");

/** The rules' lines, each user's and then each group's, joined by newlines (no trailing one). */
export function sudoRuleLines(rules: readonly SudoRule[]): string {
  return rules
    .filter((r) => r.commands.length !== 0)
    .flatMap((r) => {
      const tail = `${r.host}=(${r.runAs})    ${commands(r.commands)}`;
      return [...r.users.map((u) => `${userSpec(u)}     ${tail}`), ...r.groups.map((g) => `${groupSpec(g)}  ${tail}`)];
    })
    .join("\n");
}

/** `security.sudo.configFile` as NixOS computes it: the non-empty parts joined by newlines. */
export function renderSudoers(rules: readonly SudoRule[], extraConfig: string): string {
  const parts = [HEADER, sudoRuleLines(rules), "\n", extraConfig === "" ? "" : `# extraConfig\n${extraConfig}\n`];
  return parts.filter((p) => p !== "").join("\n");
}
