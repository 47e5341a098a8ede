/**
 * A fleet's deployment, given its generations built here and a transport
 * (fleet-transport.ts): every chosen host gets its generation's closure
 * (copies in parallel, at most `parallel` at once; a failed copy stops
 * everything before any host is activated: a copy only adds store paths),
 * then the staged rollout (rollout-plan.ts): canaries one at a time, then
 * the others in a rolling window of `parallel` (a host that finishes frees
 * its place for the next; none waits for a slower one). After each
 * activation, the host's health (systemd's state, the units the switch
 * changed, its own check); a host that fails is activated back to the
 * generation it had (as `rollback` does there), and no further host
 * starts: those running finish and are reported, the rest are not
 * attempted. A dry run copies nothing and returns the plan.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { FleetHost } from "./fleet-host.ts";
import type { BuiltGeneration, Copied, CurrentGeneration, FleetTransport } from "./fleet-transport.ts";
import { succeeded, type HostResult, type Outcome } from "./host-result.ts";
import { rolloutPlan, type Stage } from "./rollout-plan.ts";
import { runLimited, runWindow } from "./run-limited.ts";

export interface FleetDeployment {
  /** The hosts chosen, in the fleet's order. */
  readonly hosts: readonly FleetHost[];
  /** Each host's configuration's generation, by configuration name. */
  readonly generations: ReadonlyMap<string, BuiltGeneration>;
  readonly transport: FleetTransport;
  readonly parallel: number;
  readonly dryRun: boolean;
  /** Progress, a line at a time. */
  readonly say: (line: string) => void;
}

const stageName = (s: Stage, i: number) => (s.kind === "canary" ? `stage ${i + 1}: canary` : `stage ${i + 1}`);
const stageLine = (s: Stage, i: number) => `${stageName(s, i)}: ${s.hosts.map((h) => h.name).join(", ")}${s.kind === "rolling" && s.window < s.hosts.length ? ` (${s.window} at a time, the next starting as one finishes)` : ""}\n`;

/** The units a switch from `current` to `g` starts or restarts: those it has that are new or changed. */
export function switchedUnits(g: BuiltGeneration, current: CurrentGeneration | null): string[] {
  return Object.entries(g.units)
    .filter(([name, u]) => !u.masked && current?.units[name]?.sha256 !== u.sha256)
    .map(([name]) => name)
    .sort();
}

const reasonOf = (e: unknown): string => {
  if (e instanceof UserError) return e.message.replace(/\n+/g, "; ");
  throw e;
};

export async function deployFleet(d: FleetDeployment): Promise<HostResult[]> {
  const stages = rolloutPlan(d.hosts, d.parallel);
  const generationOf = (h: FleetHost): BuiltGeneration => {
    const g = d.generations.get(h.configuration);
    if (g === undefined) throw new Error(`no generation built for configuration ${h.configuration}`);
    return g;
  };
  const results = new Map<FleetHost, HostResult>();
  const set = (host: FleetHost, outcome: Outcome, copied?: Copied) => results.set(host, { host, storePath: generationOf(host).storePath, outcome, ...(copied === undefined ? {} : { copied }) });
  const ordered = () => d.hosts.map((h) => results.get(h) as HostResult);
  if (d.dryRun) {
    stages.forEach((s, i) => s.hosts.forEach((h) => set(h, { kind: "planned", stage: stageName(s, i) })));
    return ordered();
  }
  const copies = await runLimited(d.hosts, d.parallel, async (h) => {
    try {
      const c = await d.transport.copy(h, generationOf(h));
      return { ok: true as const, copied: c };
    } catch (e) {
      return { ok: false as const, reason: reasonOf(e) };
    }
  });
  const copied = new Map(d.hosts.map((h, i) => [h, copies[i] as (typeof copies)[number]]));
  const badCopy = d.hosts.filter((h) => !copied.get(h)?.ok);
  for (const h of d.hosts) {
    const c = copied.get(h) as (typeof copies)[number];
    if (!c.ok) set(h, { kind: "copy-failed", reason: c.reason });
    else if (badCopy.length > 0) set(h, { kind: "not-attempted", reason: `the copy to ${badCopy.map((b) => b.name).join(", ")} failed` }, c.copied);
  }
  if (badCopy.length > 0) return ordered();
  let stopped: FleetHost | undefined;
  const one = async (h: FleetHost): Promise<Outcome> => {
    const outcome = await activateOne(d, h, generationOf(h));
    set(h, outcome, copiedOf(copied.get(h)));
    if (!succeeded(results.get(h) as HostResult)) stopped ??= h;
    return outcome;
  };
  for (const [i, stage] of stages.entries()) {
    if (stopped === undefined) d.say(stageLine(stage, i));
    await runWindow(stage.hosts, stage.kind === "rolling" ? stage.window : 1, one, () => stopped !== undefined);
    for (const h of stage.hosts) if (!results.has(h)) set(h, { kind: "not-attempted", reason: `the rollout stopped after ${(stopped as FleetHost).name} failed` }, copiedOf(copied.get(h)));
  }
  return ordered();
}

const copiedOf = (c: { ok: boolean; copied?: Copied } | undefined): Copied | undefined => c?.copied;

/** One host: its closure held, its current generation, the activation, its health, and, when that fails, the way back. */
async function activateOne(d: FleetDeployment, host: FleetHost, g: BuiltGeneration): Promise<Outcome> {
  const t = d.transport;
  let current: CurrentGeneration | null;
  try {
    await t.hold(host, g);
    current = await t.current(host);
  } catch (e) {
    return { kind: "failed", reason: `${reasonOf(e)} (not activated)` };
  }
  if (current?.storePath === g.storePath) d.say(`${host.name}: already on this generation (${current.number}); activating it again\n`);
  let reason: string;
  try {
    d.say(`${host.name}: activating ${g.storePath}\n`);
    const act = await t.activate(host, g);
    if (act.code === 0) {
      const health = await t.health(host, switchedUnits(g, current));
      if (health.ok) {
        d.say(`${host.name}: healthy\n`);
        return current?.storePath === g.storePath ? { kind: "unchanged" } : { kind: "switched", ...(health.note === undefined ? {} : { note: health.note }) };
      }
      reason = `health check failed: ${health.reason}`;
    } else reason = `activation failed (exit status ${act.code})${act.tail === "" ? "" : `: ${act.tail}`}`;
  } catch (e) {
    reason = reasonOf(e);
  }
  d.say(`${host.name}: ${reason}\n`);
  if (!host.autoRollback) return { kind: "failed", reason: `${reason}; left on the new generation (autoRollback = false)` };
  if (current === null) return { kind: "failed", reason: `${reason}; no previous generation to roll back to` };
  if (current.storePath === g.storePath) return { kind: "failed", reason: `${reason}; it was on this generation already: nothing to roll back to` };
  d.say(`${host.name}: rolling back to generation ${current.number}\n`);
  try {
    const back = await t.rollback(host, current);
    if (back.code === 0) return { kind: "rolled-back", reason: `${reason}; back on generation ${current.number}` };
    return { kind: "failed", reason: `${reason}; the rollback to generation ${current.number} failed too (exit status ${back.code})${back.tail === "" ? "" : `: ${back.tail}`}` };
  } catch (e) {
    return { kind: "failed", reason: `${reason}; the rollback to generation ${current.number} failed too: ${reasonOf(e)}` };
  }
}
