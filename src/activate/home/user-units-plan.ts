/**
 * What home-manager's reloadSystemd step (sd-switch) does to the user's
 * systemd units, decided purely from the previous generation's units, the
 * new one's and the units running in the user's manager:
 * - a running unit whose file is gone is stopped (before daemon-reload);
 * - a running unit whose file changed is switched as its X-SwitchMethod
 *   (or legacy keys) says: stop-start (services and sockets by default;
 *   a socket's running service is stopped with it), restart (other
 *   units), reload, or keep-old (left running); a change of
 *   X-Reload-Triggers alone reloads it, a change of its description or
 *   [Install] section alone does nothing;
 * - a unit that is not running is started when an active target wants it
 *   (`<target>.wants/`) and it is new, newly wanted or changed;
 * - everything else is left alone. RefuseManualStart/Stop are honoured.
 */
import { switchMethod, unitChange, unitFlag, type UnitIni } from "./unit-ini.ts";
import { unitFileOf, type UserUnits } from "./user-unit-files.ts";

export interface UserUnitsPlan {
  /** Stopped before daemon-reload: removed units, and changed ones switched by stop-start. */
  readonly stop: readonly string[];
  readonly reload: readonly string[];
  readonly restart: readonly string[];
  /** Started last: new units wanted by active targets, and those stopped by stop-start. */
  readonly start: readonly string[];
  /** Changed but left running (X-SwitchMethod=keep-old, X-RestartIfChanged=false). */
  readonly keptOld: readonly string[];
}

export type ManagerVerdict = { readonly proceed: false; readonly message: string } | { readonly proceed: true; readonly degraded: boolean };

/** home-manager's reading of `systemctl --user is-system-running` (stdout and stderr). */
export function managerVerdict(isSystemRunning: string): ManagerVerdict {
  const state = isSystemRunning.trim();
  if (state === "running" || state === "degraded") return { proceed: true, degraded: state === "degraded" };
  return { proceed: false, message: "User systemd daemon not running. Skipping reload." };
}

/** The socket's service: Service= when set, else the service of the same name. */
function serviceOfSocket(socket: string, ini: UnitIni | undefined): string {
  return ini?.get("Socket")?.get("Service")?.at(-1) ?? socket.replace(/\.socket$/, ".service");
}

export function planUserUnits(old: UserUnits, next: UserUnits, active: ReadonlySet<string>): UserUnitsPlan {
  const stop = new Set<string>();
  const reload = new Set<string>();
  const restart = new Set<string>();
  const start = new Set<string>();
  const keptOld = new Set<string>();
  const changeOf = (file: string) => {
    const o = old.units.get(file);
    const n = next.units.get(file);
    if (!old.units.has(file)) return "restart";
    return o === undefined || n === undefined ? "restart" : unitChange(o, n);
  };

  for (const unit of [...active].sort()) {
    const file = unitFileOf(unit);
    if (!old.units.has(file) && !next.units.has(file)) continue;
    if (!next.units.has(file)) {
      if (!unitFlag(old.units.get(file) ?? new Map(), "RefuseManualStop")) stop.add(unit);
      continue;
    }
    const change = changeOf(file);
    if (change === "none") continue;
    if (change === "reload") {
      reload.add(unit);
      continue;
    }
    const ini = next.units.get(file) ?? new Map();
    const method = switchMethod(ini, file);
    if (method === "keep-old") keptOld.add(unit);
    else if (method === "reload") reload.add(unit);
    else if (method === "restart") restart.add(unit);
    else {
      if (!unitFlag(ini, "RefuseManualStop")) stop.add(unit);
      if (!unitFlag(ini, "RefuseManualStart")) start.add(unit);
      const service = unit.endsWith(".socket") ? serviceOfSocket(unit, ini) : undefined;
      if (service !== undefined && active.has(service)) stop.add(service);
    }
  }

  for (const [unit, targets] of [...next.wantedBy].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (active.has(unit) || start.has(unit)) continue;
    const file = unitFileOf(unit);
    const ini = next.units.get(file);
    if (ini !== undefined && unitFlag(ini, "RefuseManualStart")) continue;
    const wantedBefore = old.wantedBy.get(unit) ?? new Set<string>();
    const activeTargets = [...targets].filter((t) => active.has(t));
    const isNew = next.units.has(file) && !old.units.has(file);
    const changed = next.units.has(file) && old.units.has(file) && changeOf(file) !== "none";
    if (activeTargets.length > 0 && (isNew || changed || activeTargets.some((t) => !wantedBefore.has(t)))) start.add(unit);
  }

  const sorted = (s: Set<string>) => [...s].sort();
  return { stop: sorted(stop), reload: sorted(reload), restart: sorted(restart), start: sorted(start), keptOld: sorted(keptOld) };
}

/** The plan in sd-switch's words, one line per kind of job. */
export function describeUserUnitsPlan(p: UserUnitsPlan): string[] {
  const line = (what: string, units: readonly string[]) => (units.length === 0 ? [] : [`${what}: ${units.join(", ")}`]);
  return [
    ...line("Not restarting changed units (X-SwitchMethod=keep-old)", p.keptOld),
    ...line("Stopping units", p.stop),
    ...line("Reloading units", p.reload),
    ...line("Restarting units", p.restart),
    ...line("Starting units", p.start),
  ];
}
