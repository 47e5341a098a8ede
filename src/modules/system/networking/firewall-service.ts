/**
 * How an enforced `networking.firewall` reaches the host: the nftables
 * script (firewall-nftables.ts) is /etc/system-manager/firewall.nft,
 * checked with the host's `nft -c -f` (Debian's nftables package, in a
 * fresh Debian's standard installation) before a switch writes anything,
 * and `system-manager-firewall.service`, a oneshot wanted by
 * system-manager.target, loads it with `nft -f` (start and reload alike:
 * the script replaces our table atomically) and deletes the table when
 * stopped, so the rules are back at boot and gone after deactivate. It is
 * ordered as NixOS's firewall.service: early (no default dependencies),
 * before network-pre.target, and after Debian's nftables.service, whose
 * `flush ruleset` would otherwise remove our table; restarting or
 * reloading nftables.service reloads ours too. A changed script reloads
 * the service on switch (reloadTriggers).
 */
import { FIREWALL_REMOVE } from "./firewall-nftables.ts";

/** The host's nft (Debian's nftables package). */
export const NFT = "/usr/sbin/nft";
/** The script's place, relative to /etc. */
export const FIREWALL_SCRIPT_TARGET = "system-manager/firewall.nft";
export const FIREWALL_SERVICE = "system-manager-firewall";

/** The options whose values make the script, named when `nft -c` rejects it. */
const ORIGINS = ["networking.firewall.extraInputRules", "networking.firewall.trustedInterfaces", "networking.firewall.interfaces", "networking.firewall.pingLimit"];

/** environment.etc's entry for the script. */
export const firewallEtc = (text: () => string, lazy: (f: () => string) => unknown) => ({
  [FIREWALL_SCRIPT_TARGET]: { text: lazy(text), validate: { command: [NFT, "-c", "-f", "%s"], origins: ORIGINS } },
});

/** systemd.services' entry for the service. */
export const firewallService = (text: () => string, lazy: (f: () => string) => unknown) => ({
  [FIREWALL_SERVICE]: {
    description: "Firewall (system-manager's networking.firewall)",
    documentation: ["man:nft(8)"],
    wantedBy: ["system-manager.target"],
    wants: ["network-pre.target"],
    after: ["nftables.service", "systemd-modules-load.service"],
    before: ["network-pre.target", "shutdown.target"],
    conflicts: ["shutdown.target"],
    partOf: ["nftables.service"],
    reloadPropagatedFrom: ["nftables.service"],
    unitConfig: { DefaultDependencies: false },
    reloadIfChanged: true,
    reloadTriggers: [lazy(text)],
    serviceConfig: {
      Type: "oneshot",
      RemainAfterExit: true,
      ExecStart: `${NFT} -f /etc/${FIREWALL_SCRIPT_TARGET}`,
      ExecReload: `${NFT} -f /etc/${FIREWALL_SCRIPT_TARGET}`,
      ExecStop: `${NFT} "${FIREWALL_REMOVE}"`,
    },
  },
});
