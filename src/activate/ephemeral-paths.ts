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
 */
import { UserError } from "../diagnostics/user-error.ts";
import { SCRIPTS_DIR } from "../build/systemd/job-script.ts";

const NATIVE_UNDER_RUN = ["systemd/system", "systemd/user", "tmpfiles.d"];

export function ephemeralPath(path: string): string {
  if (!path.startsWith("/etc/")) return path;
  const rel = path.slice("/etc/".length);
  for (const dir of NATIVE_UNDER_RUN) if (rel === dir || rel.startsWith(`${dir}/`)) return `/run/${rel}`;
  return `/run/etc/${rel}`;
}

/**
 * The units' job scripts (a service's `script`, `preStart`, `postStart`)
 * are run from their /etc path (build/systemd/job-script.ts), which an
 * ephemeral activation does not write: such a generation is refused,
 * naming the scripts, before anything is written.
 */
export function checkEphemeral(paths: Iterable<string>): void {
  const prefix = `/run/systemd/system/${SCRIPTS_DIR}/`;
  const scripts = [...paths].filter((p) => p.startsWith(prefix)).map((p) => p.slice(p.lastIndexOf("/") + 1));
  if (scripts.length > 0) {
    throw new UserError(
      `Cannot activate with --ephemeral: ${scripts.length === 1 ? "a unit runs a job script" : "units run job scripts"} (systemd.services.<name>.script, preStart or postStart: ${scripts.sort().join(", ")}) from /etc/systemd/system/${SCRIPTS_DIR}, which an ephemeral activation does not write; use serviceConfig.ExecStart, or activate without --ephemeral`,
    );
  }
}
