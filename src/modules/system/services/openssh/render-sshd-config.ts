/**
 * The text of /etc/ssh/sshd_config from `services.openssh`, as NixOS's
 * openssh module writes it: the non-null `settings` one per line, sorted
 * by name (`Key value`, booleans as yes/no, the comma- or space-separated
 * lists sshd_config(5) expects), then `extraConfig` (whose first part is
 * the module's own Banner, AddressFamily, Port, Subsystem, AuthorizedKeysFile
 * and HostKey lines) and a final newline. sshd takes a keyword's first
 * value, so a `settings.AddressFamily` (or Port…) wins over the module's.
 */
import { UserError } from "../../../../diagnostics/user-error.ts";

export type SshdValue = string | number | bigint | boolean | null | readonly string[];

const COMMA_SEPARATED = new Set(["Ciphers", "KexAlgorithms", "Macs"]);
const SPACE_SEPARATED = new Set(["AcceptEnv", "AuthorizedKeysFile", "AllowGroups", "AllowUsers", "DenyGroups", "DenyUsers"]);

function valueString(key: string, v: Exclude<SshdValue, null>): string {
  if (Array.isArray(v)) {
    if (COMMA_SEPARATED.has(key)) return v.join(",");
    if (SPACE_SEPARATED.has(key)) return v.join(" ");
    throw new UserError(`services.openssh.settings.${key}: list value for unknown key ${key}: [ ${v.map((s) => JSON.stringify(s)).join(" ")} ]`);
  }
  if (v === true) return "yes";
  if (v === false) return "no";
  return String(v);
}

/** The settings part: `Key value` lines in name order (nixpkgs' attribute order), nulls left out. */
export function renderSshdSettings(settings: Readonly<Record<string, SshdValue>>): string {
  const keys = Object.keys(settings).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys
    .filter((k) => settings[k] !== null && settings[k] !== undefined)
    .map((k) => `${k} ${valueString(k, settings[k] as Exclude<SshdValue, null>)}\n`)
    .join("");
}

/** The whole file: settings, then extraConfig and a newline (NixOS's `cat settings - <<EOL`). */
export function renderSshdConfig(settings: Readonly<Record<string, SshdValue>>, extraConfig: string): string {
  return `${renderSshdSettings(settings)}${extraConfig}\n`;
}

export interface SshdPreamble {
  readonly banner: string | null;
  /** networking.enableIPv6: `AddressFamily any`, else `inet`. */
  readonly enableIPv6: boolean;
  readonly ports: readonly (number | bigint)[];
  readonly listenAddresses: readonly { readonly addr: string | null; readonly port: number | bigint | null }[];
  readonly xauthLocation: string | null;
  readonly sftp: string | null;
  readonly authorizedKeysFiles: readonly string[];
  readonly authorizedKeysCommand: string;
  readonly authorizedKeysCommandUser: string;
  readonly hostKeyPaths: readonly string[];
}

/** The module's own lines, placed first in extraConfig (mkOrder 0), joined by newlines. */
export function sshdPreamble(p: SshdPreamble): string {
  const keysCommand = p.authorizedKeysCommand === "none" ? [] : [`AuthorizedKeysCommand ${p.authorizedKeysCommand}\nAuthorizedKeysCommandUser ${p.authorizedKeysCommandUser}\n`];
  return [
    `Banner ${p.banner ?? "none"}`,
    `AddressFamily ${p.enableIPv6 ? "any" : "inet"}`,
    ...p.ports.map((port) => `Port ${port}`),
    ...p.listenAddresses.map(({ addr, port }) => `ListenAddress ${addr}${port === null ? "" : `:${port}`}`),
    ...(p.xauthLocation === null ? [] : [`XAuthLocation ${p.xauthLocation}`]),
    ...(p.sftp === null ? [] : [`Subsystem sftp ${p.sftp}`]),
    `AuthorizedKeysFile ${p.authorizedKeysFiles.join(" ")}`,
    ...keysCommand,
    ...p.hostKeyPaths.map((path) => `HostKey ${path}`),
  ].join("\n");
}
