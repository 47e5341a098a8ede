/**
 * The evaluation cache, whole process (issue #12: a no-op switch ≤ 0.3 s
 * once the cache exists): the seed flake (examples/home-manager) `switch
 * --root DIR --offline` when nothing changed, cold (the evaluation cache
 * removed before the run, so it evaluates) against warm (the cache
 * answers), with the floor every Node program pays (`node -e 0`) as the
 * peer, run alternately so all see the same machine load. Offline, with
 * nothing in the fetch cache, the seed's nixpkgs and home-manager are the
 * built-in stand-ins (one warning each), which the cache keys on the fetch
 * cache; packages are off (no archive). Each run's peak RSS (the largest
 * of its Node processes, bench/lib/measure.ts) is printed too.
 * BENCH_RUNS sets the runs (default 10; 1 in the smoke run).
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { median, scratchDir, size } from "./lib/bench-env.ts";
import { formatMB, runMeasured } from "./lib/measure.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? size(10, 1));
const CLI = join(import.meta.dirname, "../bin/system-manager.js");
const SEED = join(import.meta.dirname, "../examples/home-manager");

const dir = scratchDir("sm-bench-eval-cache-");
const flake = join(dir, "flake");
const root = join(dir, "root");
mkdirSync(flake);
mkdirSync(root);
copyFileSync(join(SEED, "flake.nix"), join(flake, "flake.nix"));
const env = { ...process.env, SYSTEM_MANAGER_PACKAGES: "off", XDG_CACHE_HOME: join(dir, "cache"), HOME: dir };

/** Wall time (ms) and peak RSS (MB) of `node args`. */
function timed(args: readonly string[]): { ms: number; mb: number } {
  const r = runMeasured(process.execPath, args, { env });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  return { ms: r.ms, mb: r.peakRssMB ?? NaN };
}

const switchArgs = [CLI, "switch", "--flake", flake, "--root", root, "--offline"];
const cache = join(root, "var/lib/system-manager/eval-cache");
timed(switchArgs);
const cold: { ms: number; mb: number }[] = [];
const warm: { ms: number; mb: number }[] = [];
const floor: { ms: number; mb: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  rmSync(cache, { recursive: true, force: true });
  cold.push(timed(switchArgs));
  warm.push(timed(switchArgs));
  floor.push(timed(["-e", "0"]));
}
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (xs: readonly { mb: number }[]) => formatMB(median(xs.map((x) => x.mb)));
const [c, w, f] = [cold, warm, floor].map((xs) => median(xs.map((x) => x.ms))) as [number, number, number];
console.log(`seed flake, no-op switch, whole process: cold cache ${s(c)}, warm cache ${s(w)} (median of ${RUNS}; goal 0.30 s); cold/warm ${(c / w).toFixed(2)}`);
console.log(`peak RSS: cold cache ${mb(cold)}, warm cache ${mb(warm)}, node -e 0 ${mb(floor)}`);
console.log(`node -e 0: ${s(f)}; warm switch over it: ${s(w - f)}; ratio ${(w / f).toFixed(2)}`);
