/**
 * Where an `--ephemeral` activation puts a generation's /etc entries: under
 * /run, which does not survive a reboot, as upstream's engine does (its
 * etc tree in /run/etc, its units seen by systemd through
 * /run/systemd/system). Upstream replaces /run/systemd/system with a link
 * to /run/etc/systemd/system (refusing when the directory holds
 * anything); we put the files into the directories systemd and
 * systemd-tmpfiles read under /run themselves instead, leaving what is
 * there alone: /etc/systemd/system/… → /run/systemd/system/…,
 * /etc/systemd/user/… → /run/systemd/user/…, /etc/tmpfiles.d/… →
 * /run/tmpfiles.d/…, any other /etc/X → /run/etc/X. Paths outside /etc
 * (the /run/system-manager/sw profile link) stay where they are. Users,
 * groups, home directories and the state file are not files of /etc's
 * tree and persist, as upstream's (userborn writes /etc/passwd).
 * One exception: the units' job scripts (a service's `script`,
 * `preStart`, `postStart`) stay in /etc/systemd/system/system-manager-scripts,
 * since the units run them by that path (build/systemd/job-script.ts;
 * upstream's units name store paths): after a reboot they are inert
 * files of ours, no unit refers to them, and the next activation or
 * deactivate manages them as any other.
 */
import { SCRIPTS_DIR } from "../build/systemd/job-script.ts";

const NATIVE_UNDER_RUN = ["systemd/system", "systemd/user", "tmpfiles.d"];
const KEPT = `/etc/systemd/system/${SCRIPTS_DIR}/`;

export function ephemeralPath(path: string): string {
  if (!path.startsWith("/etc/") || path.startsWith(KEPT)) return path;
  const rel = path.slice("/etc/".length);
  for (const dir of NATIVE_UNDER_RUN) if (rel === dir || rel.startsWith(`${dir}/`)) return `/run/${rel}`;
  return `/run/etc/${rel}`;
}
