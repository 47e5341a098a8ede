// Standalone home-manager, as a user runs it (whole process, `node
// bin/home-manager.js switch --flake DIR --offline`, no root): a home flake
// whose home.nix makes FILES home files with lib.genList (home-manager and
// nixpkgs served by the built-in stand-ins offline; with BENCH_REAL_HM=1
// the real home-manager and nixpkgs' lib as path: inputs, when
// test/helpers/upstream.ts has copies; which is used is printed). Times the first
// switch (fresh home, store and caches), a no-op switch (answered by the
// evaluation cache: it fails the benchmark if it evaluated), the same
// no-op with --no-eval-cache, and a one-file change (and back), against
// GNU stow (`stow`, `stow -R`, one file changed) on the same tree in the
// same run: medians, ratios, peak RSS. BENCH_RUNS sets the runs per
// measurement (default 5; 1 in smoke mode), FILES the file count (default
// 10,000; smoke: 50).
// Run: node --import tsx bench/home-manager-standalone.ts
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { upstream } from "../test/helpers/upstream.ts";
import { median, ratio, scratchDir, size } from "./lib/bench-env.ts";
import { runChecked, type Measured } from "./lib/measure.ts";
import { stowPeer } from "./lib/stow-peer.ts";

const N = Number(process.env.FILES ?? size(10_000, 50));
const RUNS = Number(process.env.BENCH_RUNS ?? size(5, 1));
const CHANGED = Math.min(42, N - 1);
const CLI = join(import.meta.dirname, "../bin/home-manager.js");
const TRACE = "trace: evaluating the home";
const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const real = process.env.BENCH_REAL_HM === "1" && !("skip" in hm) && !("skip" in lib) ? { hm: hm.dir, lib: lib.dir } : undefined;
console.log(real !== undefined ? `real home-manager ${real.hm} and nixpkgs' lib ${real.lib}` : `built-in stand-ins for home-manager and nixpkgs${"skip" in hm ? ` (${hm.skip})` : "skip" in lib ? ` (${lib.skip})` : " (BENCH_REAL_HM=1 for the real ones)"}`);

// Local inputs are locked as path: inputs, not given with --override-input: a one-off override is never cached.
const FLAKE = `{
  inputs = {
    nixpkgs.url = "${real !== undefined ? `path:${real.lib}` : "github:nixos/nixpkgs/nixos-unstable"}";
    home-manager = { url = "${real !== undefined ? `path:${real.hm}` : "github:nix-community/home-manager"}"; inputs.nixpkgs.follows = "nixpkgs"; };
  };
  outputs = { self, nixpkgs, home-manager, ... }: {
    homeConfigurations.bench = home-manager.lib.homeManagerConfiguration {
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      modules = [ ./home.nix ];
    };
  };
}
`;

const homeText = (home: string, changed: number | undefined) => `{ lib, ... }: builtins.trace "evaluating the home" {
  home.stateVersion = "25.05";${real !== undefined ? `\n  home.username = "bench";\n  home.homeDirectory = "${home}";` : ""}
  home.file = lib.listToAttrs (lib.genList (i: { name = "f/\${toString i}"; value.text = "file \${toString i}${changed === undefined ? "" : `\${lib.optionalString (i == ${changed}) " changed"}`}\\n"; }) ${N});
}
`;

/** A fresh home (with its state and cache directories) and flake; `switchNow` runs our CLI as its user. */
function setup() {
  const dir = scratchDir("sm-bench-hm-standalone-");
  const home = join(dir, "home");
  const flake = join(dir, "flake");
  mkdirSync(home);
  mkdirSync(flake);
  writeFileSync(join(flake, "flake.nix"), FLAKE);
  writeFileSync(join(flake, "home.nix"), homeText(home, undefined));
  // Constant across runs: the evaluation cache keys on HOME, XDG_CACHE_HOME and SYSTEM_MANAGER_*.
  const env = { HOME: home, USER: "bench", XDG_CACHE_HOME: join(home, ".cache"), SYSTEM_MANAGER_PACKAGES: "off" };
  const switchNow = (...args: string[]) => runChecked(process.execPath, [CLI, "switch", "--flake", `${flake}#bench`, "--offline", ...args], env);
  const setChanged = (changed: number | undefined) => writeFileSync(join(flake, "home.nix"), homeText(home, changed));
  const read = (rel: string) => readFileSync(join(home, rel), "utf8");
  return { dir, switchNow, setChanged, read };
}

const evaluated = (r: Measured) => r.stderr.includes(TRACE);
const firsts: Measured[] = [];
const noops: Measured[] = [];
const uncached: Measured[] = [];
const changes: Measured[] = [];
const file = `f/${CHANGED}`;
for (let r = 0; r < RUNS; r++) {
  const s = setup();
  firsts.push(s.switchNow());
  if (s.read(file) !== `file ${CHANGED}\n`) throw new Error(`the first switch did not write ~/${file}`);
  const noop = s.switchNow();
  if (evaluated(noop)) throw new Error("the no-op switch evaluated: the evaluation cache did not answer");
  noops.push(noop);
  uncached.push(s.switchNow("--no-eval-cache"));
  s.setChanged(CHANGED);
  changes.push(s.switchNow());
  if (s.read(file) !== `file ${CHANGED} changed\n`) throw new Error(`the change did not reach ~/${file}`);
  s.setChanged(undefined);
  changes.push(s.switchNow());
  rmSync(s.dir, { recursive: true, force: true });
}
const stow = stowPeer(N, RUNS, CHANGED);

const peak = (rs: readonly Measured[]) => (rs.some((r) => r.peakRssMB === undefined) ? "?" : Math.max(...rs.map((r) => r.peakRssMB as number)).toFixed(0));
const row = (what: string, rs: readonly Measured[], peerMs: number | undefined) => {
  const ms = median(rs.map((r) => r.ms));
  console.log(`${what.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms  peak ${peak(rs).padStart(4)} MB   stow ${peerMs === undefined ? "      -" : peerMs.toFixed(0).padStart(7)} ms   ${ratio(ms, peerMs)}`);
};
console.log(`${N} home files, standalone home-manager, whole process (median of ${RUNS}; one-file change: median of ${2 * RUNS})`);
row("first switch", firsts, stow?.first);
row("no-op switch", noops, stow?.noop);
row("no-op, --no-eval-cache", uncached, stow?.noop);
row("one file changed", changes, stow?.change);
