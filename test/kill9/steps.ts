/**
 * The steps the kill -9 harness kills, each with the root it starts from
 * and its reference: the tree (and the time) of an uninterrupted run.
 * Roots chain as a host's history does: before → switch A → switch B →
 * rollback or deactivate; a switch to B killed is also followed by
 * rollback; gc runs after B with a never-activated C built; a dry run of A
 * over B must change nothing. Each root is made once and cloned for every
 * trial.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cloneTree } from "../activate/crash-harness.ts";
import { snapshot, type Skip } from "../helpers/tree.ts";
import { runCli, type CliRun } from "./run-cli.ts";
import { hostBefore } from "./roots.ts";

const fixture = (name: string) => resolve(import.meta.dirname, "fixtures", `${name}.config.ts`);
export const CONFIG = { A: fixture("a"), B: fixture("b"), C: fixture("c") };

/** What legitimately differs between two runs: the lock file of the account files (left behind by design), and the evaluation cache (keyed on the root's path; a cache, not state). */
export const SKIP = ["/etc/.pwd.lock", "/var/lib/system-manager/eval-cache"];
/**
 * What a step run once (rollback) may leave when killed after its work was
 * done but before it let go of the activation lock: the lock, naming a
 * holder that is gone (the next activation takes it over: activation-lock.ts).
 */
export const DONE_SKIP = [...SKIP, "/var/lib/system-manager/activation.lock"];
/** The private file a lock taker links into place: a switch killed before its link leaves it, and the next activation to take the lock removes it. */
export const LOCK_TAKER_FILE = /^\/var\/lib\/system-manager\/activation\.lock\.\d+$/;
/** What a dry run (which builds, so registers GC roots) may leave when killed: only its temporary GC roots. */
export const DRY_SKIP = ["/var/lib/system-manager/temproots"];

/** A root: the host before, or one made from another by a CLI run. */
export interface Root {
  readonly key: string;
  readonly get: () => Promise<string>;
}

export interface Step {
  readonly name: string;
  readonly args: (root: string) => string[];
  /** The root this step starts from (never written to: trials clone it). */
  readonly from: Root;
  /** Kill within the activation: the delay is counted from the store path line the build prints. */
  readonly fromActivation?: boolean;
  /** The step must change nothing at all (a dry run): its tree is compared with the one it started from, store and lock files included. */
  readonly changesNothing?: boolean;
  /** Running it again after it completed is another step (rollback steps back once more): not re-run when the kill came too late. */
  readonly once?: boolean;
  /**
   * Instead of running the step again, run `args` (rollback after a killed
   * switch): it must end as `expected` does, compared without `skip` and
   * with the account lines of `accounts` (file → names) as there; or, when
   * the kill came before the step changed anything, refuse and leave the
   * tree as it was; then `settle` (the next activation) must leave no
   * temporary of the killed run behind.
   */
  readonly then?: {
    readonly args: (root: string) => string[];
    readonly settle: (root: string) => string[];
    readonly expected: Root;
    readonly skip: readonly Skip[];
    readonly accounts: Readonly<Record<string, readonly string[]>>;
  };
}

export interface Reference {
  readonly root: string;
  readonly tree: Record<string, string>;
  /** Milliseconds an uninterrupted run takes (from the store path line, for a step killed within the activation). */
  readonly ms: number;
}

type Made = { readonly root: string; readonly run: CliRun };
const memo = new Map<string, Promise<Made>>();
/** The roots made here, removed when the process exits. */
const ours: string[] = [];
process.once("exit", () => ours.forEach((r) => rmSync(r, { recursive: true, force: true })));
const keep = (root: string) => (ours.push(root), root);

/** `args` run once, uninterrupted, on a clone of `from`. */
function made(from: Root, args: (root: string) => string[]): Promise<Made> {
  const key = `${from.key} | ${args("<root>").join(" ")}`;
  let p = memo.get(key);
  if (p === undefined) {
    p = (async () => {
      const root = keep(cloneTree(await from.get()));
      const run = await runCli(args(root));
      if (run.code !== 0) throw new Error(`the uninterrupted ${key} failed (exit ${run.code}):\n${run.stderr}`);
      return { root, run };
    })();
    memo.set(key, p);
  }
  return p;
}
const after = (from: Root, args: (root: string) => string[]): Root => ({ key: `${from.key} | ${args("<root>").join(" ")}`, get: async () => (await made(from, args)).root });

/**
 * The host before; with KILL9_TIMINGS above 1 (the figures), made after a
 * build of each configuration elsewhere, so the runs that time the steps
 * find the configurations' bundles cached, as the trials do (a cold first
 * run would time a slower step than is killed).
 */
let before: Promise<string> | undefined;
const host: Root = {
  key: "host",
  get: () =>
    (before ??= (async () => {
      if (Number(process.env.KILL9_TIMINGS ?? 1) > 1) {
        const scratch = keep(mkdtempSync(join(tmpdir(), "sm-kill9-warm-")));
        for (const c of [CONFIG.A, CONFIG.B, CONFIG.C]) await runCli(["build", "--config", c, "--root", scratch]);
      }
      return keep(hostBefore());
    })()),
};
const sw = (config: string) => (root: string) => ["switch", "--config", config, "--root", root];
const afterA = after(host, sw(CONFIG.A));
const afterB = after(afterA, sw(CONFIG.B));
const withGarbage = after(afterB, (root) => ["build", "--config", CONFIG.C, "--root", root]);

const rollback = (root: string) => ["rollback", "--root", root];
/**
 * Back on A after a switch to B was killed, the host is as A left it but
 * for what depends on how far B got: generation links and the state's
 * record of them, B's store paths, and what B created that is kept when
 * dropped (carol, locked, her home, her group's line), and the killed
 * build's temporary GC roots (rollback builds nothing; the next build or gc
 * removes them), and the killed activation's lock file when rollback
 * refuses (before taking the lock; the next activation takes it over). A's
 * accounts are compared line by line. A refused rollback changes nothing:
 * the temporaries of the killed switch (its state's, its lock's) are
 * removed by the activation after it (`settle`), which the trial runs.
 */
const RETURNED_SKIP = [
  ...SKIP,
  "/var/lib/system-manager/temproots",
  "/var/lib/system-manager/activation.lock",
  LOCK_TAKER_FILE,
  ...["passwd", "group", "shadow", "gshadow"].flatMap((f) => [`/etc/${f}`, `/etc/${f}-`]),
  "/var/lib/system-manager/profiles",
  "/var/lib/system-manager/state",
  "/var/lib/system-manager/store",
  "/home/carol",
  "/home/alice/.local/state/nix/profiles",
];
const RETURNED_ACCOUNTS = { "etc/passwd": ["alice", "svc"], "etc/group": ["alice", "ops"] };

export const STEPS: readonly Step[] = [
  { name: "build A", args: (root) => ["build", "--config", CONFIG.A, "--root", root], from: host },
  { name: "switch A", args: sw(CONFIG.A), from: host },
  { name: "switch A (activation)", args: sw(CONFIG.A), from: host, fromActivation: true },
  { name: "switch B", args: sw(CONFIG.B), from: afterA },
  { name: "switch B (activation)", args: sw(CONFIG.B), from: afterA, fromActivation: true },
  { name: "rollback", args: rollback, from: afterB, once: true },
  { name: "switch B then rollback", args: sw(CONFIG.B), from: afterA, fromActivation: true, then: { args: rollback, settle: sw(CONFIG.A), expected: afterA, skip: RETURNED_SKIP, accounts: RETURNED_ACCOUNTS } },
  { name: "deactivate", args: (root) => ["deactivate", "--root", root], from: afterB },
  { name: "gc", args: (root) => ["gc", "--root", root], from: withGarbage },
  { name: "dry run", args: (root) => [...sw(CONFIG.A)(root), "--dry-run"], from: afterB, changesNothing: true },
];

const timed = new Map<string, Promise<number>>();

/** How long the step takes uninterrupted: the median of KILL9_TIMINGS runs (1 by default: the reference run's). */
function duration(step: Step, first: CliRun): Promise<number> {
  let p = timed.get(step.name);
  if (p === undefined) {
    p = (async () => {
      const runs = [first];
      for (let i = 1; i < Number(process.env.KILL9_TIMINGS ?? 1); i++) runs.push(await runCli(step.args(keep(cloneTree(await step.from.get())))));
      const ms = runs.map((r) => (step.fromActivation === true ? r.activationMs : r.ms)).sort((a, b) => (a ?? 0) - (b ?? 0));
      const median = ms[ms.length >> 1];
      if (median === undefined) throw new Error(`${step.name}: the uninterrupted run printed no store path line`);
      return median;
    })();
    timed.set(step.name, p);
  }
  return p;
}

/** The step's reference: its tree after an uninterrupted run (for a dry run, the tree it started from), and how long that run takes. */
export async function reference(step: Step): Promise<Reference> {
  const { root, run } = await made(step.from, step.args);
  const ms = await duration(step, run);
  if (step.changesNothing !== true) return { root, tree: snapshot(root, SKIP), ms };
  const from = await step.from.get();
  if (JSON.stringify(snapshot(root)) !== JSON.stringify(snapshot(from))) throw new Error(`${step.name}: the uninterrupted run changed the tree`);
  return { root, tree: snapshot(from, DRY_SKIP), ms };
}
