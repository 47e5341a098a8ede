/**
 * The texts programs.ssh writes, line for line as NixOS's (and
 * system-manager's) ssh module: /etc/ssh/ssh_config (extraConfig first,
 * then the generated settings after `Host *`, no final newline) and
 * /etc/ssh/ssh_known_hosts (one line per known host, `@cert-authority `
 * for a CA, host names joined by commas, then the key).
 */

export interface SshClientSettings {
  readonly extraConfig: string;
  /** GlobalKnownHostsFile's paths: /etc/ssh/ssh_known_hosts, then the knownHostsFiles as placed on the host. */
  readonly knownHostsFiles: readonly string[];
  readonly enableIPv6: boolean;
  /** The xauth program, when setXAuthLocation is set. */
  readonly xauth: string | null;
  readonly forwardX11: boolean | null;
  readonly pubkeyAcceptedKeyTypes: readonly string[];
  readonly hostKeyAlgorithms: readonly string[];
  readonly kexAlgorithms: readonly string[] | null;
  readonly ciphers: readonly string[] | null;
  readonly macs: readonly string[] | null;
}

export function renderSshConfig(s: SshClientSettings): string {
  const lines: string[] = [];
  if (s.extraConfig !== "") lines.push(s.extraConfig);
  lines.push("# Generated options from other settings\nHost *\n", `GlobalKnownHostsFile ${s.knownHostsFiles.join(" ")}`);
  if (!s.enableIPv6) lines.push("AddressFamily inet");
  if (s.xauth !== null) lines.push(`XAuthLocation ${s.xauth}`);
  if (s.forwardX11 !== null) lines.push(`ForwardX11 ${s.forwardX11 ? "yes" : "no"}`);
  if (s.pubkeyAcceptedKeyTypes.length !== 0) lines.push(`PubkeyAcceptedKeyTypes ${s.pubkeyAcceptedKeyTypes.join(",")}`);
  if (s.hostKeyAlgorithms.length !== 0) lines.push(`HostKeyAlgorithms ${s.hostKeyAlgorithms.join(",")}`);
  if (s.kexAlgorithms !== null) lines.push(`KexAlgorithms ${s.kexAlgorithms.join(",")}`);
  if (s.ciphers !== null) lines.push(`Ciphers ${s.ciphers.join(",")}`);
  if (s.macs !== null) lines.push(`MACs ${s.macs.join(",")}`);
  return lines.join("\n");
}

export interface KnownHost {
  readonly certAuthority: boolean;
  readonly hostNames: readonly string[];
  /** The key: publicKey, or the content of publicKeyFile. */
  readonly key: string;
}

export function renderKnownHosts(hosts: readonly KnownHost[]): string {
  return `${hosts.map((h) => `${h.certAuthority ? "@cert-authority " : ""}${h.hostNames.join(",")} ${h.key}`).join("\n")}\n`;
}
