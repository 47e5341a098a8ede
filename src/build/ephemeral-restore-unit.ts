/**
 * The unit that brings a host back on its last persistent generation at
 * the first boot after an `--ephemeral` switch. Every generation carries
 * it (EPHEMERAL_RESTORE_FILE, beside manifest.json); an ephemeral
 * activation that leaves a persistent generation behind links it into
 * /etc/systemd/system and multi-user.target.wants
 * (activate/plan/ephemeral-restore-plan.ts), the only
 * files it writes outside /run. While the ephemeral generation is in
 * effect its /run link keeps the unit inert; after a reboot the unit runs
 * the generation's engine on the generation the profile's own link names
 * (generations.ts), whose activation removes the unit again, as any
 * switch that is not ephemeral does.
 */
import { ENGINE_BIN } from "./engine-store-paths.ts";
import { EPHEMERAL_CURRENT, PROFILES_DIR } from "../activate/generations.ts";

export { EPHEMERAL_RESTORE_FILE } from "../activate/plan/ephemeral-restore-plan.ts";

export function ephemeralRestoreUnit(engine: string): string {
  const profile = `${PROFILES_DIR}/system`;
  return `[Unit]
Description=Return to the last generation system-manager switched to persistently, after an ephemeral switch
ConditionPathExists=!${EPHEMERAL_CURRENT}
ConditionPathIsSymbolicLink=${profile}

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exec ${engine}/${ENGINE_BIN} activate --root / --store-path "$(readlink -f ${profile})"'

[Install]
WantedBy=multi-user.target
`;
}
