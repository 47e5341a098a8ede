/**
 * The warning a switch run over ssh gives, before anything changes, when
 * the generation's firewall (networking.firewall, enforced: its script
 * /etc/system-manager/firewall.nft) does not open the port this session
 * came in on (SSH_CONNECTION's fourth field) to every interface: the
 * session itself stays (established connections are accepted), new ones
 * to that port would be refused unless an interface's ports,
 * trustedInterfaces or extraInputRules let them in. Only the global
 * `tcp dport { … } accept` rule the script's input-allow chain begins
 * with is read (the module writes it; nothing else is parsed). Activating
 * under another root warns about nothing: its firewall is not this
 * session's.
 */
import type { EtcEntry } from "../build/manifest.ts";
import type { RootFs } from "./root-fs.ts";

/** The script's target under /etc (src/modules/system/networking/firewall-service.ts). */
const SCRIPT_TARGET = "system-manager/firewall.nft";
const GLOBAL_TCP_RULE = /^ {4}tcp dport \{ ([0-9, -]+) \} accept$/m;

/** Whether `port` is one of a set's members (`22`, `8999-9003`). */
function inSet(set: string, port: number): boolean {
  return set.split(", ").some((m) => {
    const [from, to = from] = m.split("-").map(Number);
    return from !== undefined && port >= from && port <= to;
  });
}

/** The warning, or undefined (no ssh session, no enforced firewall, another root, or the port is open). */
export function firewallSshWarning(fs: RootFs, storePath: string, etc: readonly EtcEntry[], sshConnection: string | undefined): string | undefined {
  const port = Number((sshConnection ?? "").trim().split(/\s+/)[3]);
  if (fs.root !== "/" || !Number.isInteger(port) || port <= 0) return undefined;
  const entry = etc.find((e) => e.target === SCRIPT_TARGET);
  if (entry === undefined) return undefined;
  const script = fs.readFileIfExists(`${storePath}/${entry.source}`)?.toString("utf8") ?? "";
  const set = GLOBAL_TCP_RULE.exec(script)?.[1];
  if (set !== undefined && inSet(set, port)) return undefined;
  return (
    `warning: this switch runs over ssh (to port ${port}), and networking.firewall does not allow TCP port ${port} ` +
    "(allowedTCPPorts, allowedTCPPortRanges): this session stays open, but new connections to that port will be refused " +
    "unless networking.firewall.interfaces.<name>, trustedInterfaces or extraInputRules allow them."
  );
}
