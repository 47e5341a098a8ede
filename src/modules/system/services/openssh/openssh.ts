/**
 * `services.openssh`: NixOS's openssh module as system-manager vendors
 * it. The host's /usr/sbin/sshd (Debian's openssh-server) runs as
 * `ssh-system-manager.service` (Debian's unit, plus NixOS's generation of
 * missing host keys before `sshd -t`, and a restart when the
 * configuration changes); /etc/ssh/sshd_config is generated (replacing
 * the host's, which is kept aside and given back when sshd is no longer
 * managed) and must pass the host's `sshd -t` before it is put in place;
 * the host's ssh.service and ssh.socket are masked while ours runs (its
 * sshd.service alias, a link to the masked ssh.service, is left in place
 * and cannot start either: system-manager's /dev/null links there would
 * meet the unit files' own /etc/systemd/system entry, which replaces
 * nothing). Users'
 * authorized keys go to /etc/ssh/authorized_keys.d/<user>.
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";
import { textStorePath } from "../../../../store/text-store-path.ts";
import { opensshOptions } from "./openssh-options.ts";
import { hasPrincipals, type OpensshUser } from "./openssh-users.ts";
import { renderSshdConfig, sshdPreamble, type SshdValue } from "./render-sshd-config.ts";
import { SSHD, SSHD_CHECK_COMMAND, SSHD_CHECK_SCRIPT, SSHD_CHECK_TARGET } from "./sshd-check.ts";
import { hostKeysScript, type HostKey } from "./host-keys-script.ts";
import { opensshAssertions } from "./openssh-assertions.ts";

const { mkIf, mkDefault, mkOrder } = lib;

/** Debian's sftp-server (openssh-sftp-server, which openssh-server depends on). */
export const DEBIAN_SFTP_SERVER = "/usr/lib/openssh/sftp-server";

export interface OpensshCfg {
  enable: boolean;
  allowSFTP: boolean;
  sftpServerExecutable: string;
  sftpFlags: string[];
  ports: (number | bigint)[];
  openFirewall: boolean;
  listenAddresses: { addr: string | null; port: number | bigint | null }[];
  hostKeys: HostKey[];
  banner: string | null;
  authorizedKeysFiles: string[];
  authorizedKeysInHomedir: boolean;
  authorizedKeysCommand: string;
  authorizedKeysCommandUser: string;
  settings: Record<string, SshdValue>;
  extraConfig: string;
}

interface Cfg {
  services: { openssh: OpensshCfg };
  programs: { ssh: { setXAuthLocation: boolean } };
  networking: { enableIPv6: boolean };
  users: { users: Record<string, OpensshUser> };
  environment: { etc: Record<string, { text: string }> };
}

const XAUTH = "/usr/bin/xauth";

export const opensshModule = ({ config }: { config: Cfg }) => {
  const cfg = () => config.services.openssh;
  const preamble = () => {
    const c = cfg();
    return sshdPreamble({
      banner: c.banner === null ? null : textStorePath("ssh_banner", c.banner),
      enableIPv6: config.networking.enableIPv6,
      ports: c.ports,
      listenAddresses: c.listenAddresses,
      xauthLocation: config.programs.ssh.setXAuthLocation ? XAUTH : null,
      sftp: c.allowSFTP ? `${c.sftpServerExecutable} ${c.sftpFlags.join(" ")}` : null,
      authorizedKeysFiles: c.authorizedKeysFiles,
      authorizedKeysCommand: c.authorizedKeysCommand,
      authorizedKeysCommandUser: c.authorizedKeysCommandUser,
      hostKeyPaths: c.hostKeys.map((k) => String(k.path)),
    });
  };
  const sshdConfig = () => renderSshdConfig(cfg().settings, cfg().extraConfig);
  return {
    _file: "system-manager/modules/services/openssh/openssh.ts",
    options: { services: { openssh: opensshOptions } },
    config: mkIf(() => cfg().enable, {
      services: {
        openssh: {
          sftpServerExecutable: mkDefault(DEBIAN_SFTP_SERVER),
          authorizedKeysFiles: lib.lazy(() => [...(cfg().authorizedKeysInHomedir ? ["%h/.ssh/authorized_keys"] : []), "/etc/ssh/authorized_keys.d/%u"]),
          settings: { AuthorizedPrincipalsFile: mkIf(() => hasPrincipals(config.users.users), "/etc/ssh/authorized_principals.d/%u") },
          extraConfig: mkOrder(0, lib.lazy(preamble)),
        },
      },
      environment: {
        etc: {
          "ssh/sshd_config": {
            text: lib.lazy(sshdConfig),
            replaceExisting: mkDefault(true),
            validate: { command: SSHD_CHECK_COMMAND, origins: ["services.openssh.settings", "services.openssh.extraConfig"] },
          },
          [SSHD_CHECK_TARGET]: { text: SSHD_CHECK_SCRIPT },
        },
      },
      "system-manager": { textFiles: lib.lazy(() => (cfg().banner === null ? [] : [{ name: "ssh_banner", text: cfg().banner }])) },
      systemd: {
        maskedUnits: ["ssh.service", "ssh.socket"],
        tmpfiles: {
          settings: {
            "ssh-root-provision": {
              "/root": { "d-": { user: "root", group: "root", mode: "700" } },
              "/root/.ssh": { "d-": { user: "root", group: "root", mode: "700" } },
              "/root/.ssh/authorized_keys": { f: { user: "root", group: "root", mode: "600" } },
            },
          },
        },
        services: {
          "ssh-system-manager": {
            wantedBy: ["system-manager.target"],
            description: "OpenBSD Secure Shell server",
            documentation: ["man:sshd(8)", "man:sshd_config(5)"],
            after: ["network.target", "auditd.service"],
            unitConfig: { ConditionPathExists: "!/etc/ssh/sshd_not_to_be_run" },
            restartTriggers: [lib.lazy(sshdConfig)],
            preStart: lib.lazy(() => hostKeysScript(cfg().hostKeys)),
            serviceConfig: {
              EnvironmentFile: "-/etc/default/ssh",
              ExecStart: `${SSHD} -D $SSHD_OPTS`,
              ExecReload: "/bin/kill -HUP $MAINPID",
              KillMode: "process",
              Restart: "on-failure",
              RestartPreventExitStatus: "255",
              Type: "notify",
              RuntimeDirectory: "sshd",
              RuntimeDirectoryMode: "0755",
            },
          },
        },
      },
      // As NixOS: the daemon's ports are opened in networking.firewall (which only warns here).
      networking: { firewall: { allowedTCPPorts: mkIf(() => cfg().openFirewall, lib.lazy(() => cfg().ports)) } },
      assertions: lib.lazy(() => opensshAssertions(cfg(), config.programs.ssh.setXAuthLocation)),
    }),
  };
};
