/**
 * The staged rollout, pure: the hosts chosen, in the order written,
 * become stages activated one after another. Each canary is a stage of
 * its own (one host at a time, first); the other hosts follow in one
 * rolling stage, `parallel` at a time: a host that finishes frees its
 * place for the next (deploy-fleet.ts). A failure in a stage stops the
 * rollout: no later stage starts, and no further host of a rolling one.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { FleetHost } from "./fleet-host.ts";

export type Stage = { readonly kind: "canary"; readonly hosts: readonly [FleetHost] } | { readonly kind: "rolling"; readonly hosts: readonly FleetHost[]; readonly window: number };

export function rolloutPlan(hosts: readonly FleetHost[], parallel: number): Stage[] {
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`parallel must be a positive whole number, not ${parallel}`);
  const stages: Stage[] = hosts.filter((h) => h.canary).map((h) => ({ kind: "canary", hosts: [h] }));
  const rest = hosts.filter((h) => !h.canary);
  if (rest.length > 0) stages.push({ kind: "rolling", hosts: rest, window: Math.min(parallel, rest.length) });
  return stages;
}

/** The hosts `--on a,b` names, in the fleet's order; every name must be a host of it. */
export function chooseHosts(hosts: readonly FleetHost[], on: string | undefined): FleetHost[] {
  if (on === undefined) return [...hosts];
  const names = on.split(",").map((n) => n.trim()).filter((n) => n !== "");
  const unknown = names.filter((n) => !hosts.some((h) => h.name === n));
  if (names.length === 0) throw new UserError(`Cannot use '${on}' as --on: it names no host (expected host,host,…)`);
  if (unknown.length > 0) throw new UserError(`Cannot deploy to ${unknown.map((n) => `'${n}'`).join(", ")}: not a host of the fleet (hosts: ${hosts.map((h) => h.name).join(", ")})`);
  return hosts.filter((h) => names.includes(h.name));
}

/** --parallel N, parsed. */
export function parseParallel(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9][0-9]{0,3}$/.test(text)) throw new UserError(`Cannot use '${text}' as --parallel: expected a whole number from 1 to 9999`);
  return Number(text);
}
