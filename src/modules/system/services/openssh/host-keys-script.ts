/**
 * The start-up script of ssh-system-manager.service: each configured
 * host key that is missing or empty is generated with the host's
 * ssh-keygen, as NixOS's sshd unit does, then the configuration is
 * tested with `sshd -t` (Debian's ExecStartPre), so sshd never starts
 * on a file it cannot read.
 */
import { SSHD, SSH_KEYGEN } from "./sshd-check.ts";

export interface HostKey {
  readonly path: unknown;
  readonly type?: unknown;
  readonly bits?: unknown;
  readonly rounds?: unknown;
  readonly comment?: unknown;
  readonly openSSHFormat?: unknown;
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

function generate(k: HostKey): string {
  const path = quote(String(k.path));
  const flags = [
    `-t ${quote(String(k.type))}`,
    ...(k.bits === undefined ? [] : [`-b ${String(k.bits)}`]),
    ...(k.rounds === undefined ? [] : [`-a ${String(k.rounds)}`]),
    ...(k.comment === undefined ? [] : [`-C ${quote(String(k.comment))}`]),
    ...(k.openSSHFormat === true ? ["-o"] : []),
  ];
  return `if ! [ -s ${path} ]; then
  if ! [ -h ${path} ]; then
    rm -f ${path}
  fi
  mkdir -p "$(dirname ${path})"
  chmod 0755 "$(dirname ${path})"
  ${SSH_KEYGEN} ${flags.join(" ")} -f ${path} -N ""
fi
`;
}

/** The script's text: one block per key, then the configuration test. */
export function hostKeysScript(keys: readonly HostKey[]): string {
  return `${keys.map(generate).join("")}${SSHD} -t\n`;
}
