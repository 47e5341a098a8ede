/**
 * The old names of NixOS's openssh options, which still work (a renamed
 * one with NixOS's warning): services.sshd.enable and
 * services.openssh.knownHosts are aliases of services.openssh.enable and
 * programs.ssh.knownHosts; passwordAuthentication, permitRootLogin,
 * kbdInteractiveAuthentication (and the older
 * challengeResponseAuthentication), useDns, logLevel, macs, ciphers,
 * kexAlgorithms, gatewayPorts and forwardX11 moved under settings.
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";

const openssh = (...p: string[]) => ["services", "openssh", ...p];
const toSettings: [string, string][] = [
  ["kbdInteractiveAuthentication", "KbdInteractiveAuthentication"],
  ["passwordAuthentication", "PasswordAuthentication"],
  ["useDns", "UseDns"],
  ["permitRootLogin", "PermitRootLogin"],
  ["logLevel", "LogLevel"],
  ["macs", "Macs"],
  ["ciphers", "Ciphers"],
  ["kexAlgorithms", "KexAlgorithms"],
  ["gatewayPorts", "GatewayPorts"],
  ["forwardX11", "X11Forwarding"],
];

export const opensshRenamesModule = {
  _file: "system-manager/modules/services/openssh/openssh-renames.ts",
  imports: [
    lib.mkAliasOptionModule(["services", "sshd", "enable"], openssh("enable")),
    lib.mkAliasOptionModule(openssh("knownHosts"), ["programs", "ssh", "knownHosts"]),
    lib.mkRenamedOptionModule(openssh("challengeResponseAuthentication"), openssh("kbdInteractiveAuthentication")),
    ...toSettings.map(([from, to]) => lib.mkRenamedOptionModule(openssh(from), openssh("settings", to))),
  ],
};
