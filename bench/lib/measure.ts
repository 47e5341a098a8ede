/**
 * Runs a command to completion and measures it as a whole: wall time (ms,
 * from spawn to exit) and peak resident set size (MiB, printed "MB").
 *
 * Node cannot read a child's rusage, so peak RSS is measured two ways:
 * - Node processes (ours, and any Node process the command starts, such as
 *   a generation's own activation engine): NODE_OPTIONS preloads
 *   ./rss-reporter.cjs, which appends `process.resourceUsage().maxRSS` to a
 *   scratch file at exit; the peak is the largest of those lines. A Node
 *   process killed by a signal writes no line. The reporter adds about
 *   0.4 MB to `node -e 0` (40.3 → 40.7 MB by GNU time, which agrees with
 *   what it reports within 0.2 MB) and a few ms of start-up: time a
 *   start-up without it (bench/lib/startup.ts does).
 * - any other program (a peer such as stow or apt-get): it runs under GNU
 *   time (`/usr/bin/time -f %M`), which reports the largest RSS of the
 *   program and of the descendants it waited for. Without GNU time the
 *   peak is undefined. The wrapper adds one fork and exec (about 1 ms).
 * The command counts as Node when it is process.execPath or named `node`.
 * With `{ tree: true }` any command runs under GNU time, so that Node
 * processes started with a clean environment (the CLI's activation child)
 * count too; then, without GNU time, only the reporter's lines count.
 * runChecked is runMeasured that fails the benchmark when the command fails.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Measured {
  /** Whole-process wall time, ms. */
  readonly ms: number;
  /** Peak resident set size, MiB; undefined when it could not be measured. */
  readonly peakRssMB: number | undefined;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const REPORTER = fileURLToPath(new URL("./rss-reporter.cjs", import.meta.url));
const GNU_TIME = "/usr/bin/time";
let gnuTime: boolean | undefined;

function hasGnuTime(): boolean {
  gnuTime ??= existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"], { stdio: "ignore" }).status === 0;
  return gnuTime;
}

const isNode = (command: string): boolean => command === process.execPath || basename(command) === "node";

/** The largest number on the lines of `file` (KiB), or undefined. */
function maxKib(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const kib = text.split("\n").filter((l) => /^\d+$/.test(l)).map(Number);
  return kib.length === 0 ? undefined : Math.max(...kib);
}

/** Runs `command args` (spawnSync, output captured as text unless `options.stdio` says otherwise) and measures it. */
export function runMeasured(command: string, args: readonly string[], options: SpawnSyncOptions = {}, how: { tree?: boolean } = {}): Measured {
  const dir = mkdtempSync(join(tmpdir(), "sm-measure-"));
  try {
    const nodeFile = join(dir, "node-rss");
    const timeFile = join(dir, "time-rss");
    const base = options.env ?? process.env;
    const preload = `--require "${REPORTER}"`;
    const env = {
      ...base,
      NODE_OPTIONS: base.NODE_OPTIONS ? `${base.NODE_OPTIONS} ${preload}` : preload,
      // Not SYSTEM_MANAGER_*: the evaluation cache's key holds those, and a file name new each run would make every run a miss.
      BENCH_RSS_FILE: nodeFile,
    };
    const timed = (how.tree === true || !isNode(command)) && hasGnuTime();
    const [cmd, argv] = timed ? [GNU_TIME, ["-f", "%M", "-o", timeFile, command, ...args]] : [command, [...args]];
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 30, ...options, env });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.error !== undefined) throw r.error;
    const kib = [maxKib(nodeFile), timed ? maxKib(timeFile) : undefined].filter((k): k is number => k !== undefined);
    const text = (b: string | Buffer | null | undefined): string => (b === null || b === undefined ? "" : b.toString());
    return {
      ms,
      peakRssMB: kib.length === 0 ? undefined : Math.max(...kib) / 1024,
      status: r.status,
      stdout: text(r.stdout),
      stderr: text(r.stderr),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** runMeasured of the whole process tree, with `env` added to this process's; throws (ending the benchmark) when the command fails. */
export function runChecked(command: string, args: readonly string[], env: Record<string, string> = {}): Measured {
  const r = runMeasured(command, args, { env: { ...process.env, ...env } }, { tree: true });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-3000)}`);
  return r;
}

/** "12.3 MB", or "? MB" when the peak is unknown. */
export function formatMB(mb: number | undefined): string {
  return mb === undefined ? "? MB" : `${mb.toFixed(1)} MB`;
}
