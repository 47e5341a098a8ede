/**
 * The warning system-manager prints when `networking.firewall` opens
 * ports: system-manager does not manage the host's firewall, so the ports
 * are listed for the administrator to open in theirs (nftables, ufw,
 * firewalld). Upstream's words, byte for byte, for the global lists; the
 * per-interface lists (which upstream counts but does not show) follow,
 * one line each, named after their interface.
 */

export interface PortRange {
  from: number | bigint;
  to: number | bigint;
}

export interface PortLists {
  allowedTCPPorts: (number | bigint)[];
  allowedTCPPortRanges: PortRange[];
  allowedUDPPorts: (number | bigint)[];
  allowedUDPPortRanges: PortRange[];
}

const ports = (ps: readonly (number | bigint)[]) => ps.map(String).join(", ");
const ranges = (rs: readonly PortRange[]) => rs.map((r) => `${r.from}-${r.to}`).join(", ");

/** Whether any of the four lists is non-empty. */
export function opensPorts(l: PortLists): boolean {
  return l.allowedTCPPorts.length + l.allowedTCPPortRanges.length + l.allowedUDPPorts.length + l.allowedUDPPortRanges.length > 0;
}

/** Upstream's summary lines ("\n  TCP: 22, 80", …), each prefixed with `prefix`. */
function summary(l: PortLists, prefix: string): string {
  return [
    l.allowedTCPPorts.length > 0 ? `\n  ${prefix}TCP: ${ports(l.allowedTCPPorts)}` : "",
    l.allowedTCPPortRanges.length > 0 ? `\n  ${prefix}TCP ranges: ${ranges(l.allowedTCPPortRanges)}` : "",
    l.allowedUDPPorts.length > 0 ? `\n  ${prefix}UDP: ${ports(l.allowedUDPPorts)}` : "",
    l.allowedUDPPortRanges.length > 0 ? `\n  ${prefix}UDP ranges: ${ranges(l.allowedUDPPortRanges)}` : "",
  ].join("");
}

/** The warning, or undefined when no port is opened (globally or on any interface). */
export function firewallWarning(global: PortLists, interfaces: Readonly<Record<string, PortLists>>): string | undefined {
  const names = Object.keys(interfaces).filter((n) => opensPorts(interfaces[n] as PortLists));
  if (!opensPorts(global) && names.length === 0) return undefined;
  const perInterface = names.map((n) => summary(interfaces[n] as PortLists, `${n} `)).join("");
  return (
    "Firewall port configurations are set but will not be applied.\n" +
    "system-manager does not manage firewall rules on the host.\n" +
    `Ensure these ports are opened in your host firewall:${summary(global, "")}${perInterface}\n`
  );
}
