/**
 * One kill -9 trial: a clone of the step's root, the step run by the real
 * CLI and its process group killed with SIGKILL after a seeded random delay
 * in [0, the uninterrupted run's duration], then the same step run again
 * (a dry run is not: it must have changed nothing). It converged when the
 * re-run exits 0, leaves no temporary behind, and its tree equals the
 * uninterrupted run's; it lost something when a pre-existing file is at
 * none of its documented places, or an account file was unreadable,
 * malformed or short of a pre-existing line at any moment observed.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cloneTree } from "../activate/crash-harness.ts";
import { snapshot } from "../helpers/tree.ts";
import { accountProblems } from "./account-files.ts";
import { leftovers, lostFiles } from "./roots.ts";
import { runCli, waitForGroup } from "./run-cli.ts";
import { DONE_SKIP, DRY_SKIP, LOCK_TAKER_FILE, reference, SKIP, type Root, type Step } from "./steps.ts";

/** What is killed: the CLI's whole process group (as a crash or `timeout -s KILL` does), or only its own process (`kill -9 <pid>`). */
export type KillMode = "group" | "pid";
export const MODES: readonly KillMode[] = ["group", "pid"];

export interface TrialResult {
  readonly step: string;
  readonly mode: KillMode;
  readonly index: number;
  readonly seed: number;
  readonly delayMs: number;
  /** Whether the SIGKILL landed before the run exited by itself. */
  readonly killed: boolean;
  readonly converged: boolean;
  readonly lost: boolean;
  readonly problems: readonly string[];
}

/** A number in [0, 1) from (seed, step, index): each trial's delay is reproducible on its own. */
export function draw(seed: number, step: string, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const c of `${step}#${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** The keys on which two snapshots differ, each with both sides (shortened). */
export function differences(want: Record<string, string>, got: Record<string, string>): string[] {
  const short = (v: string | undefined) => (v === undefined ? "(absent)" : JSON.stringify(v.length > 160 ? v.slice(0, 160) + "…" : v));
  return [...new Set([...Object.keys(want), ...Object.keys(got)])].sort().filter((k) => want[k] !== got[k]).map((k) => `${k}: want ${short(want[k])}, got ${short(got[k])}`);
}

export async function trial(step: Step, seed: number, index: number, mode: KillMode = "group"): Promise<TrialResult> {
  const ref = await reference(step);
  const root = cloneTree(await step.from.get());
  // The fraction of the run is the seed's; KILL9_DELAY (ms) replays a delay exactly (the duration varies from run to run).
  const delayMs = process.env.KILL9_DELAY ? Number(process.env.KILL9_DELAY) : Math.round(draw(seed, `${step.name} ${mode}`, index) * ref.ms);
  const first = await runCli(step.args(root), { killAfter: delayMs, fromActivation: step.fromActivation, watch: root, onlyTheCli: mode === "pid" });
  // The processes a `kill -9 <pid>` spared run on; a step that is not run twice waits for them.
  if (step.changesNothing === true || step.once === true || step.then !== undefined) await waitForGroup(first.pgid);
  const losses = [...first.accounts.map((p) => `while it ran or when killed: ${p}`), ...lostFiles(root).map((p) => `after the kill: ${p}`)];
  const divergence: string[] = [];
  if (!first.killed && first.code !== 0) divergence.push(`the run exited ${first.code} before the kill:\n${first.stderr}`);
  if (step.then !== undefined) {
    divergence.push(...(await thenRun(step.then, root, step.from, losses)));
  } else if (step.changesNothing === true) {
    divergence.push(...differences(ref.tree, snapshot(root, DRY_SKIP)).map((d) => `changed by the killed dry run: ${d}`));
  } else {
    const done = step.once === true && differences(ref.tree, snapshot(root, DONE_SKIP)).length === 0;
    if (!done) {
      const again = await runCli(step.args(root), { watch: root });
      losses.push(...again.accounts.map((p) => `while the re-run ran: ${p}`));
      if (again.code !== 0) divergence.push(`the re-run exited ${again.code}:\n${again.stderr}`);
    }
    await waitForGroup(first.pgid);
    losses.push(...lostFiles(root).map((p) => `after the re-run: ${p}`), ...accountProblems(root).map((p) => `after the re-run: ${p}`));
    divergence.push(...leftovers(root).map((p) => `left behind: ${p}`));
    divergence.push(...differences(ref.tree, snapshot(root, done ? DONE_SKIP : SKIP)).map((d) => `differs from the uninterrupted run: ${d}`));
  }
  const ok = divergence.length === 0 && losses.length === 0;
  // A failed trial's root is kept, and named, for a look.
  if (ok) rmSync(root, { recursive: true, force: true });
  const problems = [...losses, ...divergence, ...(ok ? [] : [`the root is kept at ${root}`])];
  return { step: step.name, mode, index, seed, delayMs, killed: first.killed, converged: divergence.length === 0, lost: losses.length > 0, problems };
}

/** Runs the command that follows a killed step (see Step.then) on `root`; returns how it diverged, adding its losses to `losses`. */
async function thenRun(then: NonNullable<Step["then"]>, root: string, from: Root, losses: string[]): Promise<string[]> {
  const skip = [...then.skip];
  const untouched = differences(snapshot(await from.get(), skip), snapshot(root, skip)).length === 0;
  const next = await runCli(then.args(root), { watch: root });
  losses.push(...next.accounts.map((p) => `while the next command ran: ${p}`), ...lostFiles(root).map((p) => `after the next command: ${p}`));
  if (untouched && next.code === 1 && /^error: Cannot roll back/m.test(next.stderr)) {
    const refused = differences(snapshot(await from.get(), skip), snapshot(root, skip)).map((d) => `changed by the refused command: ${d}`);
    // A refused command changes nothing, so what the killed run left (a temporary of the state, its lock file) waits for the next activation: that one must remove it.
    const settled = await runCli(then.settle(root), { watch: root });
    losses.push(...settled.accounts.map((p) => `while the activation after the refused command ran: ${p}`), ...lostFiles(root).map((p) => `after the activation after the refused command: ${p}`));
    if (settled.code !== 0) refused.push(`${then.settle("<root>").join(" ")} after the refused command exited ${settled.code}:\n${settled.stderr}`);
    const lockFiles = readdirSync(join(root, "var/lib/system-manager")).map((n) => `/var/lib/system-manager/${n}`).filter((p) => LOCK_TAKER_FILE.test(p));
    return [...refused, ...[...leftovers(root), ...lockFiles].map((p) => `left behind after ${then.settle("<root>")[0]}: ${p}`)];
  }
  const out = leftovers(root).map((p) => `left behind: ${p}`);
  if (next.code !== 0) out.push(`${then.args("<root>").join(" ")} exited ${next.code}:\n${next.stderr}`);
  const expected = await then.expected.get();
  const lines = (r: string, file: string, names: readonly string[]) => readFileSync(join(r, file), "utf8").split("\n").filter((l) => names.includes(l.split(":")[0] as string));
  const state = (r: string) => JSON.parse(readFileSync(join(r, "var/lib/system-manager/state/system-manager-state.json"), "utf8")) as { generation: unknown; inProgress: unknown };
  const [want, got] = [state(expected), state(root)];
  if (got.generation !== want.generation || got.inProgress !== null) out.push(`the state names generation ${String(got.generation)} (in progress: ${JSON.stringify(got.inProgress)}), not ${String(want.generation)}`);
  for (const [file, names] of Object.entries(then.accounts)) {
    const got = lines(root, file, names);
    for (const l of lines(expected, file, names)) if (!got.includes(l)) out.push(`/${file} lacks ${JSON.stringify(l)} (has ${JSON.stringify(got)})`);
  }
  return [...out, ...differences(snapshot(expected, skip), snapshot(root, skip)).map((d) => `differs from the tree ${then.args("<root>")[0]} returns to: ${d}`)];
}

/** The trials to run: 0 … runs-1, or only KILL9_TRIAL (to replay one). */
export function trialIndexes(runs: number): number[] {
  const one = process.env.KILL9_TRIAL;
  return one !== undefined && one !== "" ? [Number(one)] : Array.from({ length: runs }, (_, i) => i);
}

/** The modes to run: KILL9_MODES=group,pid (both by default). */
export function modesFromEnv(): KillMode[] {
  const m = process.env.KILL9_MODES?.split(",").map((s) => s.trim());
  return MODES.filter((x) => m === undefined || m.includes(x));
}

/** The seed: KILL9_SEED to replay, else a fresh one. */
export function seedFromEnv(): number {
  const s = process.env.KILL9_SEED;
  return s !== undefined && s !== "" ? Number(s) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

/** A failed trial as a message that says how to replay it. */
export function describe(r: TrialResult): string {
  return [
    `kill -9 (${r.mode === "group" ? "the process group" : "only the CLI's pid"}) trial ${r.index} of "${r.step}": killed after ${r.delayMs} ms (${r.killed ? "while running" : "it had already exited"}); seed ${r.seed}`,
    `replay: KILL9_SEED=${r.seed} KILL9_STEPS='${r.step}' KILL9_MODES=${r.mode} KILL9_TRIAL=${r.index} (KILL9_DELAY=${r.delayMs} for this very delay)`,
    ...r.problems.map((p) => `  - ${p}`),
  ].join("\n");
}
