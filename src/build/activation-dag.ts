/**
 * home-manager's activation DAG: named steps with `after`/`before` edges
 * around the built-in steps (checkLinkTargets before writeBoundary,
 * linkGeneration then onFilesChange and reloadSystemd after it). Sorted with Kahn's
 * algorithm, ties broken by name, so unrelated steps have no guaranteed
 * order beyond that (home-manager's own order is an artefact of nixpkgs'
 * toposort). A cycle is an error naming the steps in it.
 */
import { UserError } from "../diagnostics/user-error.ts";

export interface ActivationStep {
  readonly name: string;
  /** Shell commands; empty for the built-in steps, which activation performs itself. */
  readonly data: string;
  readonly builtin: boolean;
}

interface Entry {
  data: string;
  after: readonly string[];
  before: readonly string[];
}

const BUILTIN: Readonly<Record<string, Entry>> = {
  checkLinkTargets: { data: "", after: [], before: ["writeBoundary"] },
  writeBoundary: { data: "", after: [], before: [] },
  linkGeneration: { data: "", after: ["writeBoundary"], before: [] },
  onFilesChange: { data: "", after: ["linkGeneration"], before: [] },
  reloadSystemd: { data: "", after: ["linkGeneration"], before: [] },
};

export function sortActivation(user: Readonly<Record<string, Entry>>): ActivationStep[] {
  const all = new Map<string, Entry>([...Object.entries(BUILTIN), ...Object.entries(user)]);
  const deps = new Map<string, Set<string>>([...all.keys()].map((n) => [n, new Set<string>()]));
  for (const [name, e] of all) {
    for (const a of e.after) if (all.has(a)) deps.get(name)?.add(a);
    for (const b of e.before) if (all.has(b)) deps.get(b)?.add(name);
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < all.size) {
    const ready = [...all.keys()].filter((n) => !done.has(n) && [...(deps.get(n) as Set<string>)].every((d) => done.has(d))).sort();
    if (ready.length === 0) {
      const stuck = [...all.keys()].filter((n) => !done.has(n)).sort();
      throw new UserError(`Dependency cycle in activation script: ${JSON.stringify(Object.fromEntries(stuck.map((n) => [n, [...(deps.get(n) as Set<string>)].filter((d) => !done.has(d)).sort()])))}`);
    }
    const next = ready[0] as string;
    order.push(next);
    done.add(next);
  }
  return order.map((name) => ({ name, data: (all.get(name) as Entry).data, builtin: name in BUILTIN && !(name in user) }));
}
