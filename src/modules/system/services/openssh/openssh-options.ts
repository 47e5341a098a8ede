/**
 * The `services.openssh` options, with NixOS's names, types and defaults
 * (system-manager vendors NixOS's module): the daemon's ports, addresses,
 * host keys, SFTP, authorized keys files and `settings`, a freeform
 * sshd_config(5) attribute set whose known keys have NixOS's defaults.
 */
import { jsLib as lib } from "../../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

const nullOr = (type: unknown, dflt: unknown, description: string) => mkOption({ type: types.nullOr(type), default: dflt, description });
const strs = types.listOf(types.str);

const LOG_LEVELS = ["QUIET", "FATAL", "ERROR", "INFO", "VERBOSE", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3"];
const ROOT_LOGIN = ["yes", "without-password", "prohibit-password", "forced-commands-only", "no"];

const settingsModule = {
  freeformType: types.attrsOf(types.nullOr(types.oneOf([types.bool, types.int, types.str, strs]))),
  options: {
    AcceptEnv: nullOr(strs, null, "Environment variables sent by the client that are copied into the session's environment."),
    AuthorizedPrincipalsFile: nullOr(types.str, "none", 'A file listing the principal names accepted for certificate authentication; `"none"` uses none.'),
    LogLevel: nullOr(types.enum(LOG_LEVELS), "INFO", "The verbosity of sshd(8)'s log."),
    UsePAM: nullOr(types.bool, true, "Whether to enable PAM authentication."),
    UseDns: nullOr(types.bool, false, "Whether sshd(8) looks up the remote host name and checks that it maps back to the address."),
    X11Forwarding: nullOr(types.bool, false, "Whether to allow X11 connections to be forwarded."),
    PasswordAuthentication: nullOr(types.bool, true, "Whether password authentication is allowed."),
    PermitRootLogin: nullOr(types.enum(ROOT_LOGIN), "prohibit-password", "Whether the root user can login using ssh."),
    KbdInteractiveAuthentication: nullOr(types.bool, true, "Whether keyboard-interactive authentication is allowed."),
    GatewayPorts: nullOr(types.str, "no", "Whether remote hosts are allowed to connect to ports forwarded for the client."),
    KexAlgorithms: nullOr(strs, ["curve25519-sha256", "curve25519-sha256@libssh.org", "diffie-hellman-group-exchange-sha256"], "Allowed key exchange algorithms."),
    Macs: nullOr(strs, ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"], "Allowed MACs."),
    StrictModes: nullOr(types.bool, true, "Whether sshd checks file modes and ownership of directories."),
    Ciphers: nullOr(strs, ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr"], "Allowed ciphers."),
    AllowUsers: nullOr(strs, null, "If specified, login is allowed only for the listed users."),
    DenyUsers: nullOr(strs, null, "If specified, login is denied for all listed users."),
    AllowGroups: nullOr(strs, null, "If specified, login is allowed only for users of the listed groups."),
    DenyGroups: nullOr(strs, null, "If specified, login is denied for users of the listed groups."),
    PrintMotd: nullOr(types.bool, false, "Whether to print /etc/motd when a user logs in interactively."),
  },
};

const listenAddressModule = {
  options: {
    addr: mkOption({ type: types.nullOr(types.str), default: null, description: "Host, IPv4 or IPv6 address to listen to." }),
    port: mkOption({ type: types.nullOr(types.port), default: null, description: "Port to listen to." }),
  },
};

export const opensshOptions = {
  enable: mkOption({ type: types.bool, default: false, description: "Whether to enable the OpenSSH secure shell daemon (the host's /usr/sbin/sshd), which allows secure remote logins." }),
  package: mkOption({ type: types.nullOr(types.package), default: null, description: "Not installed: system-manager runs the host's /usr/sbin/sshd (Debian's openssh-server)." }),
  allowSFTP: mkOption({ type: types.bool, default: true, description: "Whether to enable the SFTP subsystem in the SSH daemon." }),
  sftpServerExecutable: mkOption({
    type: types.str,
    example: "internal-sftp",
    description: 'The sftp server executable: a path (Debian\'s /usr/lib/openssh/sftp-server by default) or "internal-sftp".',
  }),
  sftpFlags: mkOption({ type: strs, default: [], example: ["-f AUTHPRIV", "-l INFO"], description: "Command line flags to add to sftp-server." }),
  ports: mkOption({ type: types.listOf(types.port), default: [22], description: "Specifies on which ports the SSH daemon listens." }),
  openFirewall: mkOption({ type: types.bool, default: true, description: "Whether to open the ports in the firewall (the host's firewall is not managed here)." }),
  listenAddresses: mkOption({
    type: types.listOf(types.submodule(listenAddressModule)),
    default: [],
    example: [{ addr: "192.168.3.1", port: 22 }],
    description: "Addresses and ports to listen on (ListenAddress); an address without a port listens on every one of `ports`.",
  }),
  hostKeys: mkOption({
    type: types.listOf(types.attrs),
    default: [
      { type: "rsa", bits: 4096, path: "/etc/ssh/ssh_host_rsa_key" },
      { type: "ed25519", path: "/etc/ssh/ssh_host_ed25519_key" },
    ],
    description: "The host keys (path, type, bits, rounds, comment, openSSHFormat); a missing one is generated with ssh-keygen before sshd starts.",
  }),
  banner: mkOption({ type: types.nullOr(types.lines), default: null, description: "Message to display to the remote user before authentication is allowed." }),
  authorizedKeysFiles: mkOption({ type: strs, default: [], description: "The files sshd reads users' authorized keys from (AuthorizedKeysFile; %h, %u tokens)." }),
  authorizedKeysInHomedir: mkOption({ type: types.bool, default: true, description: "Whether `~/.ssh/authorized_keys` is read, besides /etc/ssh/authorized_keys.d/%u." }),
  authorizedKeysCommand: mkOption({ type: types.str, default: "none", description: "A program that looks up the user's public keys (absolute path, owned by root)." }),
  authorizedKeysCommandUser: mkOption({ type: types.str, default: "nobody", description: "The user AuthorizedKeysCommand runs as." }),
  settings: mkOption({ type: types.submodule(settingsModule), default: {}, example: { UseDns: true, PasswordAuthentication: false }, description: "Configuration for `sshd_config(5)`." }),
  extraConfig: mkOption({ type: types.lines, default: "", description: "Verbatim contents of sshd_config." }),
};
