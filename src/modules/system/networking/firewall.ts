/**
 * `networking.firewall`: NixOS's firewall options as system-manager
 * declares them, so that NixOS modules which open ports (openssh's
 * `openFirewall`, `allowedTCPPorts = [ … ]`) evaluate. system-manager does
 * not manage the host's firewall: nothing is written and the host's
 * nftables, iptables, ufw or firewalld are never touched; when ports are
 * opened a warning lists them for the administrator. `enable` defaults
 * to false (the distribution's firewall is in charge). Port lists are
 * sorted and deduplicated when read (NixOS's `apply`), and `allInterfaces`
 * is the per-interface lists plus `default`, the global ones (as NixOS).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { firewallWarning, type PortLists } from "./firewall-warning.ts";

const { mkOption, types } = lib;

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
  allowedTCPPorts: portList([22, 80], "List of TCP ports on which incoming connections are accepted (not applied: system-manager does not manage the host's firewall)."),
  allowedTCPPortRanges: rangeList([{ from: 8999, to: 9003 }], "Ranges of TCP ports on which incoming connections are accepted (not applied)."),
  allowedUDPPorts: portList([53], "List of open UDP ports (not applied)."),
  allowedUDPPortRanges: rangeList([{ from: 60000, to: 61000 }], "Ranges of open UDP ports (not applied)."),
});

const bool = (dflt: boolean, description: string) => mkOption({ type: types.bool, default: dflt, description });
const perInterface = () => types.attrsOf(types.submodule({ options: commonOptions() }));

interface Cfg {
  networking: { firewall: PortLists & { interfaces: Record<string, PortLists> } };
}

const globalLists = (c: PortLists): PortLists => ({
  allowedTCPPorts: c.allowedTCPPorts,
  allowedTCPPortRanges: c.allowedTCPPortRanges,
  allowedUDPPorts: c.allowedUDPPorts,
  allowedUDPPortRanges: c.allowedUDPPortRanges,
});

export const firewallModule = ({ config }: { config: Cfg }) => {
  const cfg = () => config.networking.firewall;
  return {
    _file: "system-manager/modules/networking/firewall.ts",
    options: {
      networking: {
        firewall: {
          enable: bool(false, "Whether to enable the firewall. False in system-manager: the host distribution manages its firewall rules, and system-manager never changes them."),
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
          extraPackages: mkOption({ type: types.listOf(types.package), default: [], description: "Additional packages to be included in the environment of the system." }),
          interfaces: mkOption({ type: perInterface(), default: {}, description: "Interface-specific open ports (not applied)." }),
          allInterfaces: mkOption({ type: perInterface(), default: {}, internal: true, visible: false, description: "All open ports: `interfaces` plus `default`, the global lists." }),
          ...commonOptions(),
        },
      },
    },
    config: {
      networking: {
        firewall: {
          allInterfaces: lib.lazy(() => ({ default: globalLists(cfg()), ...cfg().interfaces })),
        },
      },
      warnings: lib.lazy(() => {
        const w = firewallWarning(globalLists(cfg()), cfg().interfaces);
        return w === undefined ? [] : [w];
      }),
    },
  };
};
