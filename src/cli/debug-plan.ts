/**
 * What the planner decided, as --verbose's debug lines: the generation and
 * why, what an interruption would return to, each /etc step with its
 * reason, and the units' plan with every list (empty ones too), or why
 * units are not switched.
 */
import type { Plan } from "../activate/plan/plan.ts";

export function debugPlan(p: Plan, debug: (line: string) => void): void {
  const g = p.generation;
  debug(`planner: generation ${g.number}: ${p.storePath === "" ? "none (deactivate)" : g.isNew ? (g.existing === true ? "an existing one, made current" : "new to this host") : "already active"}`);
  const prev = p.inProgress.previous;
  debug(`planner: if interrupted, rollback returns to ${prev === null ? "nothing (no generation was active)" : `generation ${prev.number} (${prev.storePath})`}`);
  debug(`planner: ${p.users.changes.length} account change(s); account files ${p.accountsChanged ? "rewritten" : "unchanged"}`);
  for (const s of p.etc.steps) debug(`planner: ${s.op} ${s.path}${"why" in s ? `: ${s.why}` : ""}`);
  debug(`planner: ${Object.keys(p.etc.files).length} managed /etc path(s) after this activation`);
  if ("plan" in p.services) {
    const u = p.services.plan;
    debug(`planner: units: daemon-reload ${u.daemonReload ? "yes" : "no"}; stop [${u.stop.join(" ")}]; reload [${u.reload.join(" ")}]; restart [${u.restart.join(" ")}]; start [${u.start.join(" ")}]; skip [${u.skip.join(" ")}]; host units kept [${u.host.join(" ")}]`);
  } else {
    debug(`planner: units not switched: ${p.services.unavailable}`);
  }
  for (const h of p.homeActivations) debug(`planner: home of ${h.user}: activate ${h.generation}`);
}
