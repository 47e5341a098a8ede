/**
 * The service-manager port: everything activation asks of systemd, so that
 * unit tests inject a fake (fake-service-manager.ts) and the real host gets
 * systemctl (systemctl-service-manager.ts). Job methods return once
 * systemd has finished the jobs (or they timed out), one result per unit.
 */

export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

export interface UnitStatus {
  readonly name: string;
  /** loaded, not-found, masked, bad-setting, error */
  readonly loadState: string;
  /** active, reloading, inactive, failed, activating, deactivating */
  readonly activeState: string;
  readonly subState: string;
  /** How the unit last finished: success, exit-code, signal, timeout, … */
  readonly result: string;
  /** The main process, 0 when there is none. */
  readonly mainPid: number;
  /** How the main process last exited (ExecMainStatus: its exit status, or the signal that killed it); absent when not read. */
  readonly execMainStatus?: number;
}

export type JobKind = "start" | "stop" | "restart" | "reload";

export interface JobResult {
  readonly unit: string;
  readonly job: JobKind;
  readonly ok: boolean;
  /** Why it failed (systemctl's message, or the state the unit ended in). */
  readonly error?: string;
  /** The unit's state once the job was done. */
  readonly status?: UnitStatus;
}

export interface TmpfilesResult {
  readonly ok: boolean;
  readonly output: string;
}

export interface ServiceManager {
  /** Whether units can be managed: systemd runs as PID 1 and the target is this machine's own root. */
  available(): Promise<Availability>;
  /** Makes systemd read the unit files again; throws when it cannot. */
  daemonReload(): Promise<void>;
  start(units: readonly string[]): Promise<JobResult[]>;
  stop(units: readonly string[]): Promise<JobResult[]>;
  restart(units: readonly string[]): Promise<JobResult[]>;
  reload(units: readonly string[]): Promise<JobResult[]>;
  /** The state of each unit, in the order asked (unknown units are `not-found`, inactive). */
  status(units: readonly string[]): Promise<UnitStatus[]>;
  /** The unit's last journal lines of this boot. */
  journal(unit: string, lines: number): Promise<string[]>;
  /** `systemd-tmpfiles --create --remove` on the given configuration files only. */
  tmpfiles(configs: readonly string[]): Promise<TmpfilesResult>;
}

/** The states switch treats as running (as switch-to-configuration does). */
export function isActive(s: UnitStatus): boolean {
  return s.activeState === "active" || s.activeState === "activating" || s.activeState === "reloading";
}

/** The names among `units` that are running now. */
export async function activeUnits(sm: ServiceManager, units: readonly string[]): Promise<Set<string>> {
  if (units.length === 0) return new Set();
  return new Set((await sm.status(units)).filter(isActive).map((s) => s.name));
}
