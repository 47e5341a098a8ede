/**
 * `networking.firewall`: NixOS's firewall options. Unlike NixOS, whose
 * firewall is on unless disabled, it is enforced only when the
 * configuration asks for it: `networking.firewall.enable = true` by a
 * plain definition (or mkForce), stronger than mkDefault. A host that
 * never asked for a firewall must not get a default-deny input policy
 * from a switch (it could lock out an sshd the configuration does not
 * manage), and mkDefault is how profiles and imported modules suggest a
 * value, not how an administrator asks for one; so `enable` defaults to
 * false, and a true that comes only from mkDefault enforces nothing and
 * says so in a warning. Enforced, NixOS's nftables rules
 * (firewall-nftables.ts) are loaded into a table of ours by
 * system-manager-firewall.service (firewall-service.ts); not enforced,
 * nothing of the host's nftables, iptables, ufw or firewalld is touched
 * and, as upstream system-manager, a warning lists the opened ports for
 * the administrator. checkReversePath, filterForward and the conntrack
 * helpers are declared, not enforced. Port lists are sorted and
 * deduplicated when read (NixOS's `apply`), and `allInterfaces` is the
 * per-interface lists plus `default`, the global ones (as NixOS).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { firewallWarning, type PortLists } from "./firewall-warning.ts";
import { firewallScript, type NftablesFirewall } from "./firewall-nftables.ts";
import { firewallEtc, firewallService } from "./firewall-service.ts";

const { mkOption, mkIf, types } = lib;

/** mkDefault's priority: an `enable` whose strongest definition is this weak or weaker was not asked for. */
const DEFAULT_PRIORITY = 1000;

type Port = number | bigint;

/** NixOS's canonicalizePortList: sorted, each port once. */
export function canonicalPorts(ports: readonly Port[]): Port[] {
  const sorted = [...ports].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.filter((p, i) => i === 0 || p !== sorted[i - 1]);
}

const portList = (example: Port[], description: string) =>
  mkOption({ type: types.listOf(types.port), default: [], apply: (ps: Port[]) => canonicalPorts(ps), example, description });
const rangeList = (example: unknown[], description: string) => mkOption({ type: types.listOf(types.attrsOf(types.port)), default: [], example, description });

const commonOptions = () => ({
  allowedTCPPorts: portList([22, 80], "List of TCP ports on which incoming connections are accepted (enforced only when networking.firewall.enable is set)."),
  allowedTCPPortRanges: rangeList([{ from: 8999, to: 9003 }], "Ranges of TCP ports on which incoming connections are accepted."),
  allowedUDPPorts: portList([53], "List of open UDP ports."),
  allowedUDPPortRanges: rangeList([{ from: 60000, to: 61000 }], "Ranges of open UDP ports."),
});

const bool = (dflt: boolean, description: string) => mkOption({ type: types.bool, default: dflt, description });
const perInterface = () => types.attrsOf(types.submodule({ options: commonOptions() }));

interface Cfg {
  networking: { firewall: PortLists & NftablesFirewall & { enable: boolean; interfaces: Record<string, PortLists> } };
}

interface Opts {
  networking: { firewall: { enable: { highestPrio: number | bigint } } };
}

const NOT_ASKED_FOR =
  "networking.firewall.enable is true only by mkDefault: system-manager enforces the firewall only when the configuration sets networking.firewall.enable = true itself, so nothing is enforced.";

const globalLists = (c: PortLists): PortLists => ({
  allowedTCPPorts: c.allowedTCPPorts,
  allowedTCPPortRanges: c.allowedTCPPortRanges,
  allowedUDPPorts: c.allowedUDPPorts,
  allowedUDPPortRanges: c.allowedUDPPortRanges,
});

export const firewallModule = ({ config, options }: { config: Cfg; options: Opts }) => {
  const cfg = () => config.networking.firewall;
  const askedFor = () => Number(options.networking.firewall.enable.highestPrio) < DEFAULT_PRIORITY;
  const enforced = () => cfg().enable && askedFor();
  const script = () => firewallScript(cfg());
  return {
    _file: "system-manager/modules/networking/firewall.ts",
    options: {
      networking: {
        firewall: {
          enable: bool(
            false,
            "Whether to enable the firewall (nftables, in the table `inet system-manager-firewall`). Unlike NixOS, false unless the configuration sets it: a true given only by mkDefault enforces nothing.",
          ),
          logRefusedConnections: bool(true, "Whether to log rejected or dropped incoming connections."),
          logRefusedPackets: bool(false, "Whether to log all rejected or dropped incoming packets."),
          logRefusedUnicastsOnly: bool(true, "If logRefusedPackets is enabled, only log unicast packets."),
          rejectPackets: bool(false, "If set, refused packets are rejected rather than dropped."),
          trustedInterfaces: mkOption({ type: types.listOf(types.str), default: [], example: ["enp0s2"], description: "Traffic coming in from these interfaces will be accepted unconditionally." }),
          allowPing: bool(true, "Whether to respond to incoming ICMPv4 echo requests."),
          pingLimit: mkOption({ type: types.nullOr(types.separatedString(" ")), default: null, description: "If pings are allowed, this allows setting rate limits on them." }),
          checkReversePath: mkOption({ type: types.either(types.bool, types.enum(["strict", "loose"])), default: true, description: "Performs a reverse path filter test on a packet." }),
          logReversePathDrops: bool(false, "Logs dropped packets failing the reverse path filter test."),
          filterForward: bool(false, "Enable filtering in IP forwarding."),
          connectionTrackingModules: mkOption({ type: types.listOf(types.str), default: [], description: "List of connection-tracking helpers that are auto-loaded." }),
          autoLoadConntrackHelpers: bool(false, "Whether to auto-load connection-tracking helpers."),
          extraInputRules: mkOption({
            type: types.lines,
            default: "",
            example: "ip6 saddr { fc00::/7, fe80::/10 } tcp dport 24800 accept",
            description: "Additional nftables rules appended to the input-allow chain, checked with the host's `nft -c` before a switch writes anything.",
          }),
          extraPackages: mkOption({ type: types.listOf(types.package), default: [], description: "Additional packages to be included in the environment of the system." }),
          interfaces: mkOption({ type: perInterface(), default: {}, description: "Interface-specific open ports." }),
          allInterfaces: mkOption({ type: perInterface(), default: {}, internal: true, visible: false, description: "All open ports: `interfaces` plus `default`, the global lists." }),
          ...commonOptions(),
        },
      },
    },
    config: lib.mkMerge([
      {
        networking: {
          firewall: {
            allInterfaces: lib.lazy(() => ({ default: globalLists(cfg()), ...cfg().interfaces })),
          },
        },
        warnings: lib.lazy(() => {
          if (enforced()) return [];
          const w = firewallWarning(globalLists(cfg()), cfg().interfaces);
          return [...(cfg().enable ? [NOT_ASKED_FOR] : []), ...(w === undefined ? [] : [w])];
        }),
      },
      mkIf(enforced, {
        networking: { firewall: { trustedInterfaces: ["lo"] } },
        environment: { etc: firewallEtc(script, lib.lazy) },
        systemd: { services: firewallService(script, lib.lazy) },
      }),
    ]),
  };
};
