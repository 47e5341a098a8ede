/**
 * Carrying out a ServicesPlan through a ServiceManager, in the two phases
 * switch needs around the /etc switch:
 * 1. `stopUnits` before /etc changes: the old unit files (and job scripts)
 *    are still in place for ExecStop and for systemd's loaded definitions;
 * 2. `startUnits` after it: daemon-reload, then tmpfiles (our own files
 *    only, after the reload, as system-manager does), then reload, restart
 *    and start, waiting for every job; then every unit of the generation
 *    that ended up failed is a failure too: units started through a
 *    target's `Wants=` do not fail the target's job (switch-to-configuration
 *    likewise lists failed units at the end), and so is one waiting to be
 *    restarted after its main process failed (sub-state auto-restart with a
 *    non-zero ExecMainStatus, as switch-to-configuration counts it): a
 *    Restart= service crashing in a loop never reaches `failed`.
 * Every failed job is returned with the unit's last journal lines, so
 * switch can say why and exit non-zero; nothing here throws for a unit.
 */
import type { JobKind, JobResult, ServiceManager } from "./service-manager.ts";
import type { ServicesPlan } from "./plan-services.ts";

export interface ServiceFailure {
  readonly unit: string;
  readonly job: JobKind | "tmpfiles";
  readonly error: string;
  /** The unit's last journal lines (empty for tmpfiles). */
  readonly journal: readonly string[];
}

/** How many journal lines a failure shows. */
export const JOURNAL_LINES = 15;

async function failures(sm: ServiceManager, results: readonly JobResult[]): Promise<ServiceFailure[]> {
  const out: ServiceFailure[] = [];
  for (const r of results) {
    if (r.ok) continue;
    out.push({ unit: r.unit, job: r.job, error: r.error ?? "failed", journal: await sm.journal(r.unit, JOURNAL_LINES) });
  }
  return out;
}

export async function stopUnits(sm: ServiceManager, plan: ServicesPlan): Promise<ServiceFailure[]> {
  return failures(sm, await sm.stop(plan.stop));
}

export interface StartOptions {
  /** Our tmpfiles.d files (absolute paths under /etc/tmpfiles.d). */
  readonly tmpfiles?: readonly string[];
  /** The generation's units (masked ones left out), checked for failure at the end. */
  readonly units?: readonly string[];
}

export async function startUnits(sm: ServiceManager, plan: ServicesPlan, opts: StartOptions = {}): Promise<ServiceFailure[]> {
  const out: ServiceFailure[] = [];
  if (plan.daemonReload) await sm.daemonReload();
  const t = await sm.tmpfiles(opts.tmpfiles ?? []);
  if (!t.ok) out.push({ unit: "systemd-tmpfiles", job: "tmpfiles", error: t.output, journal: [] });
  out.push(...(await failures(sm, await sm.reload(plan.reload))));
  out.push(...(await failures(sm, await sm.restart(plan.restart))));
  out.push(...(await failures(sm, await sm.start(plan.start))));
  const reported = new Set(out.map((f) => f.unit));
  for (const s of await sm.status((opts.units ?? []).filter((u) => !reported.has(u)))) {
    if (s.activeState === "failed") out.push({ unit: s.name, job: "start", error: `it failed (${s.result})`, journal: await sm.journal(s.name, JOURNAL_LINES) });
    else if (s.subState === "auto-restart" && (s.execMainStatus ?? 0) !== 0) {
      out.push({ unit: s.name, job: "start", error: `it keeps failing: its main process exited with status ${s.execMainStatus} and systemd is restarting it`, journal: await sm.journal(s.name, JOURNAL_LINES) });
    }
  }
  return out;
}

/** A failure as switch reports it: what failed and why, then the journal, indented. */
export function describeServiceFailure(f: ServiceFailure): string {
  const head = f.job === "tmpfiles" ? `Cannot apply tmpfiles rules: ${f.error}` : `Cannot ${f.job} ${f.unit}: ${f.error}`;
  return [head, ...f.journal.map((l) => `  ${l}`)].join("\n");
}
