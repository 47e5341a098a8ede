// 10,000 home files declared in a system flake, as a user runs it (whole
// process, `node bin/system-manager.js switch --flake DIR --root ROOT
// --offline`): alice's home.file is made with lib.genList, the inputs are
// the seed's (nixpkgs, system-manager, home-manager), served by the
// built-in stand-ins offline. With BENCH_REAL_HM=1 the real home-manager
// and nixpkgs' lib are used through --override-input when
// test/helpers/upstream.ts has copies (a system build of the real
// home-manager needs packages realised; the benchmark turns them off).
// Which is used is printed. Times the first switch (fresh root and caches), a no-op
// switch, a one-file change (a configuration never evaluated before: it is
// evaluated), the change undone (a configuration built before, answered
// by the evaluation cache's entry from before the change, as the flake's
// content is the same; what remains is activating it), and GNU stow
// (`stow`, `stow -R`, one file changed) on the same tree in the same run:
// medians, ratios, peak RSS.
// Node's own start (`node` on an empty script, timed beside each no-op)
// is printed too, and what the no-op takes beyond it: what is ours.
// BENCH_RUNS sets the runs per measurement (default 5; 1 in smoke mode),
// FILES the file count (smoke: 50).
// Run: node --import tsx bench/home-files-10k-flake.ts
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { homeFilesFlake } from "../test/helpers/home-files-flake.ts";
import { upstream } from "../test/helpers/upstream.ts";
import { median, ratio, scratchDir, size } from "./lib/bench-env.ts";
import { runChecked, type Measured } from "./lib/measure.ts";
import { beyondStart, nodeStart, nodeStartLine } from "./lib/startup.ts";
import { stowPeer } from "./lib/stow-peer.ts";

const N = Number(process.env.FILES ?? size(10_000, 50));
const RUNS = Number(process.env.BENCH_RUNS ?? size(5, 1));
const CHANGED = Math.min(42, N - 1);
const CLI = join(import.meta.dirname, "../bin/system-manager.js");

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const real = process.env.BENCH_REAL_HM === "1" && !("skip" in hm) && !("skip" in lib);
const overrides = real ? ["--override-input", "home-manager", `path:${hm.dir}`, "--override-input", "nixpkgs", `path:${lib.dir}`] : [];
console.log(real ? `real home-manager ${hm.rev.slice(0, 12)} and nixpkgs' lib ${lib.rev.slice(0, 12)}` : `built-in stand-ins for home-manager and nixpkgs${"skip" in hm ? ` (${hm.skip})` : "skip" in lib ? ` (${lib.skip})` : " (BENCH_REAL_HM=1 for the real ones)"}`);

const flakeText = (changed: number | undefined) => homeFilesFlake(N, changed);

type Run = Measured;
const run = runChecked;

/** A file's text under an activation root, its links (absolute ones meaning the root's paths) followed there. */
function readUnder(root: string, path: string): string {
  let p = path;
  for (let hops = 0; hops < 40 && lstatSync(join(root, p)).isSymbolicLink(); hops++) {
    const to = readlinkSync(join(root, p));
    p = isAbsolute(to) ? to : resolve(dirname(p), to);
  }
  return readFileSync(join(root, p), "utf8");
}

/** A fresh flake directory, root and cache; `switch` runs our CLI on them. */
function setup() {
  const dir = scratchDir("sm-bench-10k-flake-");
  const flake = join(dir, "flake");
  const root = join(dir, "root");
  mkdirSync(flake);
  mkdirSync(root);
  writeFileSync(join(flake, "flake.nix"), flakeText(undefined));
  const env = { SYSTEM_MANAGER_PACKAGES: "off", XDG_CACHE_HOME: join(dir, "cache"), HOME: dir };
  const switchNow = () => run(process.execPath, [CLI, "switch", "--flake", flake, "--root", root, "--offline", ...overrides], env);
  const setChanged = (changed: number | undefined) => writeFileSync(join(flake, "flake.nix"), flakeText(changed));
  return { dir, root, env, switchNow, setChanged };
}

const firsts: Run[] = [];
const noops: Run[] = [];
const changes: Run[] = [];
const undone: Run[] = [];
const starts: Run[] = [];
for (let r = 0; r < RUNS; r++) {
  const s = setup();
  firsts.push(s.switchNow());
  const file = `/home/alice/f/${CHANGED}`;
  if (readUnder(s.root, file) !== `file ${CHANGED}\n`) throw new Error(`the first switch did not write ${file}`);
  noops.push(s.switchNow());
  starts.push(nodeStart(s.dir, s.env));
  s.setChanged(CHANGED);
  changes.push(s.switchNow());
  if (readUnder(s.root, file) !== `file ${CHANGED} changed\n`) throw new Error(`the change did not reach ${file}`);
  s.setChanged(undefined);
  undone.push(s.switchNow());
  if (readUnder(s.root, file) !== `file ${CHANGED}\n`) throw new Error(`undoing the change did not reach ${file}`);
  rmSync(s.dir, { recursive: true, force: true });
}

const stow = stowPeer(N, RUNS, CHANGED);

const peak = (rs: readonly Run[]) => (rs.some((r) => r.peakRssMB === undefined) ? "?" : Math.max(...rs.map((r) => r.peakRssMB as number)).toFixed(0));
const row = (what: string, rs: readonly Run[], peerMs: number | undefined) => {
  const ms = median(rs.map((r) => r.ms));
  console.log(`${what.padEnd(23)} ${ms.toFixed(0).padStart(7)} ms  peak ${peak(rs).padStart(4)} MB   stow ${peerMs === undefined ? "      -" : peerMs.toFixed(0).padStart(7)} ms   ${ratio(ms, peerMs)}   ${beyondStart(ms, starts)}`);
};
console.log(`${N} home files from a flake, whole process (median of ${RUNS})`);
row("first switch", firsts, stow?.first);
row("no-op switch", noops, stow?.noop);
row("one file changed", changes, stow?.change);
row("change undone", undone, stow?.change);
console.log(nodeStartLine(starts, 23));
