/**
 * How a generated sshd_config is checked before it is put in place: the
 * host's `/usr/sbin/sshd -t` on the generation's file, run through the
 * host's shell (dash) so that a host whose host keys are not generated
 * yet, or whose /run/sshd does not exist because no sshd runs, can still
 * check it. A throw-away host key in a temporary directory is given with
 * `-o HostKey=`, the configured keys' "Unable to load host key" and the
 * missing privilege separation directory (both reported only after the
 * whole file was parsed) are not counted as failures; anything else sshd
 * says fails the check with its own words. The script is
 * /etc/ssh/sshd_config.check, which the check finds beside the
 * generation's sshd_config. Under --root, sshd and ssh-keygen are the
 * root's: the root is what precedes the store in the file's path.
 */
import { STORE_DIR } from "../../../../store/store-path.ts";

/** The host's sshd (Debian's openssh-server), as system-manager runs it. */
export const SSHD = "/usr/sbin/sshd";
/**
 * The host's shell: dash, Debian's and Ubuntu's essential /bin/sh, where a
 * merged /usr has it (the activation follows no links to the program it
 * runs: /bin is a link to usr/bin, and /usr/bin/sh a link to dash).
 */
export const SH = "/usr/bin/dash";
/** The host's ssh-keygen (Debian's openssh-client, which openssh-server depends on). */
export const SSH_KEYGEN = "/usr/bin/ssh-keygen";

/** The check's script, placed beside sshd_config in the generation (and so in /etc/ssh); $1 is the file to check. */
export const SSHD_CHECK_SCRIPT = [
  "# How system-manager checks a generated sshd_config ($1) with this host's sshd -t before putting it in place (services.openssh).",
  `case "$1" in *"${STORE_DIR}/"*) r=\${1%%"${STORE_DIR}/"*};; *) r=;; esac`,
  `[ -x "$r${SSHD}" ] || { echo "${SSHD} is not on this host (install Debian's openssh-server)"; exit 1; }`,
  `k=$(mktemp -d) || exit 1`,
  `trap 'rm -rf "$k"' EXIT`,
  `"$r${SSH_KEYGEN}" -q -t ed25519 -N '' -C sshd-check -f "$k/key" || exit 1`,
  `out=$("$r${SSHD}" -t -f "$1" -o "HostKey=$k/key" 2>&1) && exit 0`,
  `rest=$(echo "$out" | grep -v -e '^Unable to load host key' -e '^Missing privilege separation directory')`,
  `[ -z "$rest" ] && case "$out" in *'Missing privilege separation directory'*) exit 0;; esac`,
  `echo "$out"`,
  `exit 1`,
  ``,
].join("\n");

/** Where the script is, relative to /etc. */
export const SSHD_CHECK_TARGET = "ssh/sshd_config.check";

/** The check's command for environment.etc.<name>.validate (%s: the generation's sshd_config): its script, beside it. */
export const SSHD_CHECK_COMMAND: readonly string[] = [SH, "-c", '. "${1%/*}/sshd_config.check"', "sshd-t", "%s"];
