/**
 * The nftables script of an enforced `networking.firewall`: NixOS's
 * nftables firewall (firewall-nftables.nix) input filtering, in one table
 * of ours, `inet system-manager-firewall`. The script first declares the
 * table, then deletes it, then creates it again with its chains, so that
 * one `nft -f` replaces whatever an earlier load left atomically, whether
 * or not the table existed; no other table is touched and the ruleset is
 * never flushed. The input chain (policy drop) accepts the trusted
 * interfaces (NixOS adds `lo`), established and related traffic; new
 * connections jump to input-allow (the allowed ports, globally and per
 * interface, ping as allowPing and pingLimit say, the ICMPv6 and DHCPv6
 * messages IPv6 needs, then extraInputRules); what comes back is logged
 * as logRefusedConnections/logRefusedPackets say and rejected
 * (rejectPackets) or dropped.
 */
import type { PortLists, PortRange } from "./firewall-warning.ts";

export const FIREWALL_TABLE = "system-manager-firewall";

export interface NftablesFirewall {
  trustedInterfaces: string[];
  allowPing: boolean;
  pingLimit: string | null;
  rejectPackets: boolean;
  logRefusedConnections: boolean;
  logRefusedPackets: boolean;
  logRefusedUnicastsOnly: boolean;
  extraInputRules: string;
  /** `default` (the global lists) and each interface's, as NixOS's allInterfaces. */
  allInterfaces: Record<string, PortLists>;
}

const quoted = (s: string) => JSON.stringify(s);

/** NixOS's portsToNftSet: ports, then ranges as from-to, comma separated. */
function portSet(ports: readonly (number | bigint)[], ranges: readonly PortRange[]): string {
  return [...ports.map(String), ...ranges.map((r) => `${r.from}-${r.to}`)].join(", ");
}

/** input-allow's port rules: `default` (no interface match) first, then each interface by name. */
function portRules(all: Readonly<Record<string, PortLists>>): string[] {
  const names = Object.keys(all).sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return names.flatMap((name) => {
    const l = all[name] as PortLists;
    const iface = name === "default" ? "" : `iifname ${quoted(name)} `;
    const tcp = portSet(l.allowedTCPPorts, l.allowedTCPPortRanges);
    const udp = portSet(l.allowedUDPPorts, l.allowedUDPPortRanges);
    return [...(tcp === "" ? [] : [`${iface}tcp dport { ${tcp} } accept`]), ...(udp === "" ? [] : [`${iface}udp dport { ${udp} } accept`])];
  });
}

function inputChain(c: NftablesFirewall): string[] {
  const trusted = [...new Set(c.trustedInterfaces)];
  return [
    "type filter hook input priority filter; policy drop;",
    ...(trusted.length === 0 ? [] : [`iifname { ${trusted.map(quoted).join(", ")} } accept comment "trusted interfaces"`]),
    "# Some ICMPv6 types like NDP are untracked",
    "ct state vmap {",
    "  invalid : drop,",
    "  established : accept,",
    "  related : accept,",
    "  new : jump input-allow,",
    "  untracked : jump input-allow,",
    "}",
    ...(c.logRefusedConnections ? ['tcp flags syn / fin,syn,rst,ack log level info prefix "refused connection: "'] : []),
    ...(c.logRefusedPackets && !c.logRefusedUnicastsOnly ? ['pkttype broadcast log level info prefix "refused broadcast: "', 'pkttype multicast log level info prefix "refused multicast: "'] : []),
    ...(c.logRefusedPackets ? ['pkttype host log level info prefix "refused packet: "'] : []),
    ...(c.rejectPackets ? ["meta l4proto tcp reject with tcp reset", "reject"] : []),
  ];
}

function inputAllowChain(c: NftablesFirewall): string[] {
  const extra = c.extraInputRules.split("\n").filter((l) => l.trim() !== "");
  return [
    ...portRules(c.allInterfaces),
    ...(c.allowPing ? [`icmp type echo-request ${c.pingLimit === null ? "" : `limit rate ${c.pingLimit} `}accept comment "allow ping"`] : []),
    'icmpv6 type != { nd-redirect, 139 } accept comment "Accept all ICMPv6 messages except redirects and node information queries (type 139).  See RFC 4890, section 4.4."',
    'ip6 daddr fe80::/64 udp dport 546 accept comment "DHCPv6 client"',
    ...(extra.length === 0 ? [] : ["# networking.firewall.extraInputRules", ...extra.map((l) => l.trim())]),
  ];
}

const chain = (name: string, rules: readonly string[]) => [`  chain ${name} {`, ...rules.map((r) => `    ${r}`), "  }"];

/** The script `nft -f` loads (ExecStart and ExecReload of system-manager-firewall.service). */
export function firewallScript(c: NftablesFirewall): string {
  return [
    "# system-manager's firewall (networking.firewall): NixOS's nftables input rules, in a table of its own.",
    "# Declared, deleted and made again in one transaction: loading this file replaces the table atomically.",
    `table inet ${FIREWALL_TABLE} {`,
    "}",
    `delete table inet ${FIREWALL_TABLE}`,
    `table inet ${FIREWALL_TABLE} {`,
    ...chain("input", inputChain(c)),
    "",
    ...chain("input-allow", inputAllowChain(c)),
    "}",
    "",
  ].join("\n");
}

/** What `nft` runs to take the table away (ExecStop): declared first, so that a table already gone is no error. */
export const FIREWALL_REMOVE = `add table inet ${FIREWALL_TABLE}; delete table inet ${FIREWALL_TABLE}`;
