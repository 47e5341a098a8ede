/**
 * Which units a switch stops, reloads, restarts and starts (pure), with
 * switch-to-configuration's rules, from the units recorded in the state
 * file, the new generation's units and which of them run now:
 * - a unit that left the configuration is stopped, unless its old file
 *   says `X-StopOnRemoval=false`; a masked unit is stopped;
 * - a unit whose file changed is compared as compare_units does: when only
 *   its reload triggers (`X-Reload-Triggers`) changed it is reloaded, when
 *   only `[Unit]` keys switching ignores changed (Description, OnFailure,
 *   …) daemon-reload is all it needs; otherwise it changed;
 * - a changed unit that runs is reloaded with `reloadIfChanged`, left alone
 *   with `restartIfChanged = false` (listed as skipped), else stopped and
 *   started again (`stopIfChanged`, the default for services: via its
 *   socket when it is socket-activated, unless `X-NotSocketActivated`) or
 *   restarted; changed targets are
 *   started; changed sockets, paths and slices are left to daemon-reload;
 *   a changed unit that does not run is not started by itself;
 * - new units start through the targets that want them: system-manager.target
 *   (started whenever something changed or it is not running) and any other
 *   running target; a new unit that already runs (the host's own unit of
 *   that name, which ours now shadows) is treated as changed, so that ours
 *   is what runs after the switch;
 * - a drop-in of ours on a unit of the host (`overrideStrategy = "asDropin"`)
 *   changes the host's unit: adding or removing it restarts the unit if it
 *   runs, so it runs as its files say after the switch, and never stops it.
 * Order of execution (so the old unit files are still there for the stops):
 * stop → switch /etc → daemon-reload → reload, restart → start.
 */
import type { UnitInfo } from "../../build/systemd/unit-info.ts";
import { SYSTEM_MANAGER_TARGET } from "../../build/systemd/system-manager-target.ts";

export interface ServicesPlan {
  /** Whether any unit file or link changed. */
  readonly daemonReload: boolean;
  readonly stop: readonly string[];
  readonly reload: readonly string[];
  readonly restart: readonly string[];
  readonly start: readonly string[];
  /** Changed but left running (`restartIfChanged = false`). */
  readonly skip: readonly string[];
  /** The host's units we took over while they ran (masked, or shadowed by ours of that name), after this switch. */
  readonly host: readonly string[];
}

type Units = Readonly<Record<string, UnitInfo>>;

/** Targets always running once booted: starting them again is never what a switch means. */
const BOOT_TARGETS = new Set(["default.target", "sysinit.target", "basic.target", "multi-user.target", "graphical.target"]);

/** compare_units: what a change of a unit's file asks for; a unit recorded without the keys (an older state) counts as changed. */
export function compareUnits(o: UnitInfo, n: UnitInfo): "restart" | "reload" | "none" {
  if (o.restartKey === undefined || n.restartKey === undefined || o.restartKey !== n.restartKey) return "restart";
  return o.reloadKey !== n.reloadKey ? "reload" : "none";
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function differs(o: UnitInfo | undefined, n: UnitInfo | undefined): boolean {
  if (o === undefined || n === undefined) return o !== n;
  return o.sha256 !== n.sha256 || o.masked !== n.masked || !sameList(o.wantedBy, n.wantedBy);
}

/**
 * `host`: the host's units a generation of ours took over while they ran (recorded in the state). A unit
 * we mask or shadow (a new unit of ours with its name) while it runs joins them; one that no unit of the
 * new generation masks or shadows any more is started again (after daemon-reload, so its own file is
 * read), as it ran before us: deactivating must not leave a host without its sshd.
 */
export function planServices(old: Units, next: Units, active: ReadonlySet<string>, host: ReadonlySet<string> = new Set()): ServicesPlan {
  const stop = new Set<string>();
  const reload = new Set<string>();
  const restart = new Set<string>();
  const start = new Set<string>();
  const skip = new Set<string>();
  const names = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();

  const changed = (name: string, n: UnitInfo) => {
    if (name.endsWith(".target")) {
      if (n.restartIfChanged) start.add(name);
    } else if (/\.(path|slice|socket)$/.test(name)) {
      return;
    } else if (name.endsWith(".mount")) {
      restart.add(name);
    } else if (n.reloadIfChanged && !restart.has(name) && !stop.has(name)) {
      reload.add(name);
    } else if (!n.restartIfChanged) {
      skip.add(name);
    } else if (!n.stopIfChanged || !name.endsWith(".service")) {
      restart.add(name);
      reload.delete(name);
    } else {
      let socketActivated = false;
      const sockets = n.notSocketActivated === true ? [] : n.sockets.length > 0 ? n.sockets : [name.replace(/\.service$/, ".socket")];
      for (const s of sockets) {
        if (!active.has(s)) continue;
        stop.add(s);
        if (next[s] !== undefined && !next[s].masked) {
          start.add(s);
          socketActivated = true;
        }
      }
      if (!socketActivated) start.add(name);
      stop.add(name);
      reload.delete(name);
    }
  };

  const taken = new Set(host);
  for (const name of names) {
    const o = old[name];
    const n = next[name];
    if (n?.masked) {
      if (active.has(name)) stop.add(name);
      if (active.has(name) && (o === undefined || !o.masked)) taken.add(name);
    } else if (n === undefined) {
      if (o?.dropIn === true && active.has(name)) restart.add(name);
      else if (o !== undefined && !o.masked && o.stopOnRemoval && active.has(name)) stop.add(name);
    } else if (o === undefined || o.masked) {
      for (const t of n.wantedBy) if (t !== SYSTEM_MANAGER_TARGET && !BOOT_TARGETS.has(t) && active.has(t)) start.add(t);
      // New to us yet running: the host's own unit of that name (Debian's nginx.service), which ours now shadows.
      if (o === undefined && active.has(name)) {
        changed(name, n);
        if (n.dropIn !== true) taken.add(name);
      }
    } else if (o.sha256 !== n.sha256 && active.has(name)) {
      const diff = name.endsWith(".target") ? "restart" : compareUnits(o, n);
      if (diff === "restart") changed(name, n);
      else if (diff === "reload" && !restart.has(name)) reload.add(name);
    }
  }

  // The host's own units, given back: started once its unit file is read again.
  for (const name of [...taken]) {
    if (next[name] !== undefined) continue;
    taken.delete(name);
    start.add(name);
  }

  const daemonReload = names.some((n) => differs(old[n], next[n]));
  const target = next[SYSTEM_MANAGER_TARGET];
  if (target !== undefined && !target.masked && (daemonReload || !active.has(SYSTEM_MANAGER_TARGET))) start.add(SYSTEM_MANAGER_TARGET);
  const sorted = (s: Set<string>) => [...s].sort();
  return { daemonReload, stop: sorted(stop), reload: sorted(reload), restart: sorted(restart), start: sorted(start), skip: sorted(skip), host: sorted(taken) };
}

/**
 * Every unit whose running state planServices may ask about: old and new
 * units, the targets new units hang off, and the sockets of services.
 */
export function unitsToObserve(old: Units, next: Units): string[] {
  const names = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const [name, u] of Object.entries(next)) {
    for (const t of u.wantedBy) names.add(t);
    if (name.endsWith(".service")) for (const s of u.sockets.length > 0 ? u.sockets : [name.replace(/\.service$/, ".socket")]) names.add(s);
  }
  return [...names].sort();
}

export function isEmptyServicesPlan(p: ServicesPlan): boolean {
  return !p.daemonReload && p.stop.length + p.reload.length + p.restart.length + p.start.length + p.skip.length === 0;
}

/** The plan as switch-to-configuration words it; `dryRun` says "would …". */
export function describeServicesPlan(p: ServicesPlan, dryRun: boolean): string[] {
  const line = (units: readonly string[], doing: string, would: string) =>
    units.length === 0 ? [] : [`${dryRun ? `would ${would}` : doing} the following units: ${units.join(", ")}`];
  return [
    ...line(p.stop, "stopping", "stop"),
    ...(p.skip.length === 0 ? [] : [`${dryRun ? "would NOT restart" : "NOT restarting"} the following changed units: ${p.skip.join(", ")}`]),
    ...(p.daemonReload ? [dryRun ? "would reload systemd" : "reloading systemd"] : []),
    ...line(p.reload, "reloading", "reload"),
    ...line(p.restart, "restarting", "restart"),
    ...line(p.start, "starting", "start"),
  ];
}
