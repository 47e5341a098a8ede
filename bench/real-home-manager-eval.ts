/**
 * Whole-process evaluation time of the seed flake with the real
 * home-manager (issue #12: goal ≤ 1.5 s): `system-manager eval --json` of
 * alice's home.file (what the generation's home reads; it forces
 * home-manager's whole module tree and the system's), with local copies of
 * home-manager and nixpkgs' lib given by --override-input
 * (test/helpers/upstream.ts; skipped visibly without them). Packages are
 * off: this is evaluation only. Also nixpkgs' lib/tests/misc.nix
 * (`eval --impure --strict --file`), against Nix 2.8's nix-instantiate run
 * in the same benchmark (Nix 2.8 lacks builtins.readFileType: a shim
 * imports every file with it added). The first run of each has a fresh
 * cache directory (cold); the median of the rest is warm. The seed has no
 * peer: Nix cannot evaluate it without a full nixpkgs. Each time is given
 * as wall and CPU (user + system of the child process, which other work
 * on the machine disturbs less), and the misc.nix ratio for both.
 * BENCH_RUNS sets the warm runs (default 5; 1 in the smoke run).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { upstream } from "../test/helpers/upstream.ts";
import { childrenCpuMs } from "./lib/child-cpu.ts";
import { median, peer, ratio, scratchDir, size } from "./lib/bench-env.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? size(5, 1));
const CLI = join(import.meta.dirname, "../bin/system-manager.js");
const SEED = join(import.meta.dirname, "../examples/home-manager");

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
if ("skip" in hm || "skip" in lib) {
  console.log(`real-home-manager-eval bench skipped: ${"skip" in hm ? hm.skip : "skip" in lib ? lib.skip : ""}`);
  process.exit(0);
}

/** Wall and CPU milliseconds of one run (CPU undefined without /proc). */
type Took = { readonly wall: number; readonly cpu: number | undefined };

/** Runs a command, failing the benchmark if it fails; its wall and CPU time. */
function timed(cmd: string, args: readonly string[], env: Record<string, string>, cwd?: string): Took {
  const cpu0 = childrenCpuMs();
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

/** The medians of runs' wall and CPU times. */
function medians(runs: readonly Took[]): Took {
  const cpus = runs.map((r) => r.cpu);
  return { wall: median(runs.map((r) => r.wall)), cpu: cpus.every((c) => c !== undefined) ? median(cpus as number[]) : undefined };
}

/** Cold (first run, fresh cache) and the medians of RUNS warm runs. */
function coldWarm(run: (cache: string) => Took): { cold: Took; warm: Took } {
  const cache = scratchDir("sm-bench-cache-");
  const cold = run(cache);
  const warm = medians(Array.from({ length: RUNS }, () => run(cache)));
  return { cold, warm };
}

const s = (t: Took) => `${(t.wall / 1000).toFixed(2)} s${t.cpu === undefined ? "" : ` (CPU ${(t.cpu / 1000).toFixed(2)} s)`}`;

const flake = scratchDir("sm-bench-seed-");
copyFileSync(join(SEED, "flake.nix"), join(flake, "flake.nix"));
const root = scratchDir("sm-bench-root-");
const seedArgs = [
  CLI, "eval", "--json", "--flake", `${flake}#systemConfigs.default.config.home-manager.users.alice.home.file`, "--root", root,
  "--override-input", "home-manager", `path:${hm.dir}`, "--override-input", "nixpkgs", `path:${lib.dir}`,
];
const seed = coldWarm((cache) => timed(process.execPath, seedArgs, { XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off" }));
console.log(`seed with the real home-manager (eval home.file, whole process): cold ${s(seed.cold)}, warm ${s(seed.warm)} (median of ${RUNS}; goal 1.50 s)`);
console.log("peer nix: no equivalent for the seed (it needs a full nixpkgs)");

const misc = join(lib.dir, "lib/tests/misc.nix");
const ours = coldWarm((cache) => timed(process.execPath, [CLI, "eval", "--impure", "--strict", "--file", misc], { XDG_CACHE_HOME: cache }));
let nix: Took | undefined;
if (peer("nix-instantiate", "nix-bin")) {
  const dir = scratchDir("sm-bench-nix-");
  const shim = join(dir, "shim.nix");
  writeFileSync(
    shim,
    `let o = { builtins = builtins // { readFileType = builtins.readFileType or (p: (builtins.readDir (dirOf p)).\${baseNameOf p}); }; import = p: scopedImport o p; }; in p: scopedImport o p\n`,
  );
  const env = { NIX_STATE_DIR: join(dir, "state"), NIX_STORE_DIR: join(dir, "store"), HOME: dir };
  const nixArgs = ["--eval", "--strict", "--expr", `import ${shim} ${misc}`];
  timed("nix-instantiate", nixArgs, env);
  nix = medians(Array.from({ length: RUNS }, () => timed("nix-instantiate", nixArgs, env)));
  console.log(`nix-instantiate (Nix 2.8) lib/tests/misc.nix: ${s(nix)}`);
}
const cpuRatio = ours.warm.cpu === undefined || nix?.cpu === undefined ? "" : `; CPU ${ratio(ours.warm.cpu, nix.cpu)}`;
console.log(`lib/tests/misc.nix (eval --strict, whole process): cold ${s(ours.cold)}, warm ${s(ours.warm)}; ${ratio(ours.warm.wall, nix?.wall)}${cpuRatio}`);
