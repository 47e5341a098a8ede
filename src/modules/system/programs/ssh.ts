/**
 * `programs.ssh`: the SSH client's system-wide files, as system-manager's
 * copy of NixOS's module. Off by default; when enabled,
 * /etc/ssh/ssh_config and /etc/ssh/ssh_known_hosts are generated (each
 * replacing, with a backup, the host's file) for the host's own ssh.
 * `knownHostsFiles` are placed under /etc/ssh/ssh_known_hosts.d/ and
 * named by GlobalKnownHostsFile; `AddressFamily inet` follows
 * networking.enableIPv6 = false; XAuthLocation is the host's
 * /usr/bin/xauth. No ssh-agent is started (startAgent warns).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { UserError } from "../../../diagnostics/user-error.ts";
import { storeNameSafe } from "../../../store/store-path.ts";
import { renderKnownHosts, renderSshConfig, type KnownHost } from "./ssh-config.ts";

const { mkOption, mkIf, types } = lib;

interface KnownHostCfg {
  certAuthority: boolean;
  hostNames: string[];
  extraHostNames: string[];
  publicKey: string | null;
  publicKeyFile: unknown;
}

const knownHostModule = ({ name, config }: { name: string; config: KnownHostCfg }) => ({
  options: {
    certAuthority: mkOption({ type: types.bool, default: false, description: "This public key is an SSH certificate authority, rather than an individual host's key." }),
    hostNames: mkOption({
      type: types.listOf(types.str),
      default: lib.lazy(() => [name, ...config.extraHostNames]),
      defaultText: "[ <name> ] ++ config.extraHostNames",
      description: "Host names and/or IP numbers used for accessing the host's ssh service.",
    }),
    extraHostNames: mkOption({ type: types.listOf(types.str), default: [], description: "Additional host names and/or IP numbers used for accessing the host's ssh service." }),
    publicKey: mkOption({ type: types.nullOr(types.str), default: null, example: "ecdsa-sha2-nistp521 AAAAE2VjZHN...UEPg==", description: "The public key data for the host." }),
    publicKeyFile: mkOption({ type: types.nullOr(types.path), default: null, description: "The path to the public key file for the host." }),
  },
});

const listOrNull = (description: string) => mkOption({ type: types.nullOr(types.listOf(types.str)), default: null, description });

export const ASKPASS = "/usr/lib/ssh/x11-ssh-askpass";
export const XAUTH = "/usr/bin/xauth";

interface SshCfg {
  networking: { enableIPv6: boolean };
  programs: {
    ssh: {
      enable: boolean;
      enableAskPassword: boolean;
      askPassword: string;
      forwardX11: boolean | null;
      setXAuthLocation: boolean;
      pubkeyAcceptedKeyTypes: string[];
      hostKeyAlgorithms: string[];
      extraConfig: string;
      startAgent: boolean;
      knownHosts: Record<string, KnownHostCfg>;
      knownHostsFiles: unknown[];
      kexAlgorithms: string[] | null;
      ciphers: string[] | null;
      macs: string[] | null;
    };
  };
}

/** Where each knownHostsFiles entry is placed under /etc (relative), by its position. */
const placed = (files: readonly unknown[]) => files.map((f, i) => `ssh/ssh_known_hosts.d/${i}-${storeNameSafe(basename(String(f)))}`);

function knownHost(name: string, h: KnownHostCfg): KnownHost {
  if (h.hostNames.length === 0) throw new UserError(`programs.ssh.knownHosts.${name}.hostNames is empty: a known host needs at least one name`);
  if (h.publicKey !== null) return { certAuthority: h.certAuthority, hostNames: h.hostNames, key: h.publicKey };
  // Neither key: the knownHosts assertion reports it.
  if (h.publicKeyFile === null) return { certAuthority: h.certAuthority, hostNames: h.hostNames, key: "" };
  const file = String(h.publicKeyFile);
  try {
    return { certAuthority: h.certAuthority, hostNames: h.hostNames, key: readFileSync(file, "utf8") };
  } catch (e) {
    throw new UserError(`Cannot read '${file}', the programs.ssh.knownHosts.${name}.publicKeyFile: ${(e as Error).message}`);
  }
}

export const sshModule = ({ config }: { config: SshCfg }) => {
  const cfg = () => config.programs.ssh;
  return {
    _file: "system-manager/modules/programs/ssh.ts",
    options: {
      programs: {
        ssh: {
          enable: mkOption({
            type: types.bool,
            default: false,
            description: "Whether to manage the SSH client's configuration. When disabled, /etc/ssh/ssh_config and /etc/ssh/ssh_known_hosts are left alone.",
          }),
          enableAskPassword: mkOption({ type: types.bool, default: false, description: "Whether to set SSH_ASKPASS in the environment." }),
          askPassword: mkOption({ type: types.str, default: ASKPASS, description: "Program used by SSH to ask for passwords (default: Debian's ssh-askpass)." }),
          "systemd-ssh-proxy": { enable: mkOption({ type: types.bool, default: false, description: "Whether to enable systemd's ssh proxy plugin (systemd-ssh-proxy(1))." }) },
          forwardX11: mkOption({ type: types.nullOr(types.bool), default: false, description: "Whether to request X11 forwarding on outgoing connections by default; null leaves it unset." }),
          setXAuthLocation: mkOption({ type: types.bool, default: false, description: "Whether to set the path to xauth (the host's /usr/bin/xauth) for X11-forwarded connections." }),
          pubkeyAcceptedKeyTypes: mkOption({ type: types.listOf(types.str), default: [], example: ["ssh-ed25519", "ssh-rsa"], description: "The key types used for public key authentication." }),
          hostKeyAlgorithms: mkOption({ type: types.listOf(types.str), default: [], example: ["ssh-ed25519", "ssh-rsa"], description: "The host key algorithms the client wants to use, in order of preference." }),
          extraConfig: mkOption({
            type: types.lines,
            default: "",
            description: "Extra configuration text prepended to ssh_config; the generated options follow after a `Host *` pattern (ssh_config(5)).",
          }),
          startAgent: mkOption({ type: types.bool, default: false, description: "Whether to start the OpenSSH agent at login (system-manager starts none: setting it warns)." }),
          agentTimeout: mkOption({ type: types.nullOr(types.str), default: null, example: "1h", description: "How long the agent keeps private keys (unused: no agent is started)." }),
          agentPKCS11Whitelist: mkOption({ type: types.nullOr(types.str), default: null, description: "Acceptable PKCS#11 library paths for ssh-add -s (unused: no agent is started)." }),
          package: mkOption({ type: types.nullOr(types.package), default: null, description: "Not installed: the host's ssh reads the generated files." }),
          knownHosts: mkOption({ type: types.attrsOf(types.submodule(knownHostModule)), default: {}, description: "The set of system-wide known SSH hosts." }),
          knownHostsFiles: mkOption({ type: types.listOf(types.path), default: [], description: "Files containing SSH host keys to set as global known hosts." }),
          kexAlgorithms: listOrNull("The available KEX (key exchange) algorithms."),
          ciphers: listOrNull("The ciphers allowed, in order of preference."),
          macs: listOrNull("The MAC (message authentication code) algorithms, in order of preference."),
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      assertions: lib.lazy(() =>
        Object.entries(cfg().knownHosts).map(([name, h]) => ({
          assertion: (h.publicKey === null) !== (h.publicKeyFile === null),
          message: `knownHost ${name} must contain either a publicKey or publicKeyFile`,
        })),
      ),
      warnings: lib.lazy(() => (cfg().startAgent ? ["programs.ssh.startAgent has no effect: system-manager starts no per-user ssh-agent"] : [])),
      environment: {
        variables: mkIf(() => cfg().enableAskPassword, { SSH_ASKPASS: lib.lazy(() => cfg().askPassword) }),
        etc: lib.lazy(() => {
          const c = cfg();
          const files = placed(c.knownHostsFiles);
          const text = renderSshConfig({
            ...c,
            knownHostsFiles: ["/etc/ssh/ssh_known_hosts", ...files.map((f) => `/etc/${f}`)],
            enableIPv6: config.networking.enableIPv6,
            xauth: c.setXAuthLocation ? XAUTH : null,
          });
          const hosts = Object.keys(c.knownHosts).sort().map((n) => knownHost(n, c.knownHosts[n] as KnownHostCfg));
          return {
            "ssh/ssh_config": { replaceExisting: true, text },
            "ssh/ssh_known_hosts": { replaceExisting: true, text: renderKnownHosts(hosts) },
            ...Object.fromEntries(files.map((f, i) => [f, { source: c.knownHostsFiles[i] }])),
          };
        }),
      },
    }),
  };
};
