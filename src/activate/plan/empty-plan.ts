/**
 * Whether a plan changes nothing (what `switch` reports as "No changes."),
 * and whether applying it needs no write of ours at all: then the state
 * file and the generation link are left as they are (apply.ts), so a
 * no-op switch costs what looking costs. Units are still checked (and
 * tmpfiles applied) by the executor, as on every switch.
 */
import type { Plan } from "./plan.ts";
import type { State } from "../state.ts";
import { isEmptyServicesPlan } from "../services/plan-services.ts";

export function isEmptyPlan(p: Plan): boolean {
  return !p.generation.isNew && p.users.changes.length === 0 && p.homes.length === 0 && p.removeHomes.length === 0 && p.etc.steps.length === 0 && p.homeActivations.length === 0 && (!("plan" in p.services) || isEmptyServicesPlan(p.services.plan));
}

/**
 * True when applying `plan` over `old` writes nothing under the root: the
 * plan is empty, the account files are as planned, no temporary of an
 * interrupted write is left, no activation is recorded as in progress,
 * and the generation stays (not a deactivation).
 */
export function writesNothing(plan: Plan, old: State): boolean {
  return plan.storePath !== "" && old.inProgress === null && !plan.accountsChanged && plan.etc.temporaries.length === 0 && isEmptyPlan(plan);
}
