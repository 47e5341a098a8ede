/**
 * The shell an account gets back when its shell is in the system profile
 * (`/run/system-manager/sw/bin/zsh`, users-shells.ts) and the profile no
 * longer gives it: system-manager's deactivate strips the profile's prefix
 * and takes that path if the host has it (`/bin/zsh`), else the host's
 * nologin for a nologin shell, else /bin/sh. Applied to accounts we
 * created when we lock them (users-plan.ts), so that none is left with a
 * shell that dangles once the profile is gone.
 */
import { SYSTEM_PROFILE_LINK } from "../../store/store-path.ts";

const NOLOGIN = ["/usr/sbin/nologin", "/usr/bin/nologin", "/bin/nologin", "/sbin/nologin"];
const SH = ["/bin/sh", "/usr/bin/sh"];

/**
 * The host's shell for `shell` when it is the profile's, given whether a host path exists (following
 * links inside the root); undefined when `shell` is not the profile's or the host has none of them.
 */
export function hostShellFor(shell: string, exists: (path: string) => boolean): string | undefined {
  if (!shell.startsWith(`${SYSTEM_PROFILE_LINK}/`)) return undefined;
  const base = shell.slice(SYSTEM_PROFILE_LINK.length);
  const candidates = [base, ...(NOLOGIN.includes(base) ? NOLOGIN : SH)];
  return candidates.find((p) => exists(p));
}
