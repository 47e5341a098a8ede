/**
 * Whole-process start-up of a command against the floor every Node
 * program pays (`node -e 0`), for bench/cli-startup.ts and
 * bench/eval-startup.ts: both are run alternately so they see the same
 * machine load, timed without any reporter (median of `runs`), and then
 * each run a few times more through runMeasured (./measure.ts) for its
 * peak RSS (median). nodeStart times that floor as the whole-process
 * benchmarks time the CLI, so they can print it beside their own times.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatMB, runChecked, runMeasured, type Measured } from "./measure.ts";
import { median } from "./bench-env.ts";

/**
 * `node` on an empty script in `dir`, run as runChecked runs the CLI (this
 * environment with `env` added, the same reporter): what any Node process
 * pays before our code runs, so that a benchmark prints it beside ours.
 */
export function nodeStart(dir: string, env: Record<string, string> = {}): Measured {
  const empty = join(dir, "empty-script.js");
  writeFileSync(empty, "");
  return runChecked(process.execPath, [empty], env);
}

/** The line a whole-process benchmark prints for nodeStart's runs: their median, and what a time of ours is beyond it. */
export function nodeStartLine(runs: readonly Measured[], width: number): string {
  return `${"node start (empty script)".padEnd(width)} ${median(runs.map((r) => r.ms)).toFixed(0).padStart(6)} ms  (what every Node process pays first)`;
}

/** "(ours beyond node start: N ms)" for a median of `ms`. */
export function beyondStart(ms: number, starts: readonly Measured[]): string {
  return `(beyond node start: ${(ms - median(starts.map((r) => r.ms))).toFixed(0)} ms)`;
}

export interface Side {
  readonly label: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

const RSS_RUNS = 3;

function time(side: Side): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, side.args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", env: side.env ?? process.env });
  if (r.status !== 0) throw new Error(`${side.label} exited ${r.status}:\n${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Times `sides` (the first is the floor) alternately and prints each one's median, its difference from the floor against `budgetMs`, and its peak RSS. */
export function compareStartup(sides: readonly Side[], runs: number, budgetMs: number): void {
  for (const s of sides) time(s);
  const times = sides.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) sides.forEach((s, j) => times[j]?.push(time(s)));
  const rss = sides.map((s) => median(Array.from({ length: RSS_RUNS }, () => runMeasured(process.execPath, s.args, { env: s.env ?? process.env }).peakRssMB ?? NaN)));
  const floor = median(times[0] ?? []);
  const width = Math.max(...sides.map((s) => s.label.length)) + 1;
  sides.forEach((s, j) => {
    const t = median(times[j] ?? []);
    const mb = Number.isNaN(rss[j]) ? undefined : rss[j];
    const vs = j === 0 ? `(median of ${runs})` : `difference ${(t - floor).toFixed(1)} ms (budget ${budgetMs} ms); ratio ${(t / floor).toFixed(2)}`;
    console.log(`${`${s.label}:`.padEnd(width)} ${t.toFixed(1).padStart(7)} ms, peak RSS ${formatMB(mb).padStart(9)}  ${vs}`);
  });
}
