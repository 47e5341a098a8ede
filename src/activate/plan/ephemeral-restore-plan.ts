/**
 * What an --ephemeral activation writes outside /run: the unit that brings
 * the host back on its last persistent generation at the next boot
 * (src/build/ephemeral-restore-unit.ts makes it; each generation carries
 * it as EPHEMERAL_RESTORE_FILE), linked into /etc/systemd/system and
 * multi-user.target.wants as files of ours. Nothing when no generation was
 * switched to persistently (after the reboot there is nothing to return
 * to), or for a generation built before it carried the unit. An activation
 * that is not ephemeral does not want these links, so it removes them.
 */
import type { RootFs } from "../root-fs.ts";
import { persistentGenerationNumber } from "../generations.ts";
import type { DesiredEntry } from "./etc-plan.ts";

export const EPHEMERAL_RESTORE_FILE = "ephemeral-restore.service";
export const EPHEMERAL_RESTORE_UNIT = "system-manager-ephemeral-restore.service";

export function ephemeralRestoreLinks(fs: RootFs, storePath: string): DesiredEntry[] {
  const source = `${storePath}/${EPHEMERAL_RESTORE_FILE}`;
  if (persistentGenerationNumber(fs) === undefined || fs.entry(source).kind !== "file") return [];
  const unit = `/etc/systemd/system/${EPHEMERAL_RESTORE_UNIT}`;
  const link = (path: string, target: string): DesiredEntry => ({ path, replaceExisting: false, file: { kind: "symlink", target, sha256: null } });
  return [link(unit, source), link(`/etc/systemd/system/multi-user.target.wants/${EPHEMERAL_RESTORE_UNIT}`, unit)];
}
