/**
 * What the benchmarks share. Smoke mode (BENCH_SMOKE=1, which
 * `node bench/run.mjs --smoke` sets) runs each benchmark at a few users,
 * files or modules, to show that it still runs end to end; its times mean
 * nothing and nothing about them is asserted. A peer that is not
 * installed is reported on a line of its own; the benchmark still runs
 * its own side, and the run fails unless this is smoke mode (the full
 * benchmark is there for its ratios), or with BENCH_REQUIRE_PEERS=1.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SMOKE = process.env.BENCH_SMOKE === "1";

/** The full benchmark's size, or the smoke run's. */
export function size<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}

/** Whether `command` (the peer) is installed; if not, says so (see above). */
export function peer(command: string, aptPackage: string): boolean {
  if (spawnSync("sh", ["-c", 'command -v "$1"', "sh", command], { stdio: "ignore" }).status === 0) return true;
  console.log(`peer ${command} not installed: skipped (apt-get install ${aptPackage})`);
  if (!SMOKE || process.env.BENCH_REQUIRE_PEERS === "1") {
    console.error(`error: this benchmark compares against ${command}; install it (apt-get install ${aptPackage})`);
    process.exitCode = 1;
  }
  return false;
}

const scratch: string[] = [];
process.on("exit", () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/** A temporary directory, removed when the benchmark exits. */
export function scratchDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
}

export const msSince = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** "ratio 2.31" of ours to the peer's time, or a note that the peer did not run. */
export function ratio(ours: number, peerMs: number | undefined): string {
  return peerMs === undefined ? "(peer skipped)" : `ratio ${(ours / peerMs).toFixed(2)}`;
}
