/**
 * The GNU stow peer of the home-files benchmarks: N files (`f/0` …, text
 * "file I\n") in a stow package, linked into a home with `stow
 * --no-folding` (first), again with `stow -R` (no-op), and with `stow -R`
 * after one file changed, each whole process (runChecked), RUNS times on
 * fresh trees; the medians. Undefined when stow is not installed (peer()
 * says so).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, peer, scratchDir } from "./bench-env.ts";
import { runChecked } from "./measure.ts";

export interface StowTimes {
  readonly first: number;
  readonly noop: number;
  readonly change: number;
}

export function stowPeer(n: number, runs: number, changed: number): StowTimes | undefined {
  if (!peer("stow", "stow")) return undefined;
  const first: number[] = [];
  const noop: number[] = [];
  const change: number[] = [];
  for (let r = 0; r < runs; r++) {
    const dir = scratchDir("sm-bench-stow-");
    const pkg = join(dir, "pkg");
    const target = join(dir, "home");
    mkdirSync(join(pkg, "f"), { recursive: true });
    mkdirSync(target);
    for (let i = 0; i < n; i++) writeFileSync(join(pkg, "f", String(i)), `file ${i}\n`);
    const stow = (...args: string[]) => runChecked("stow", ["--no-folding", "-d", dir, "-t", target, ...args]).ms;
    first.push(stow("pkg"));
    noop.push(stow("-R", "pkg"));
    writeFileSync(join(pkg, "f", String(changed)), `file ${changed} changed\n`);
    change.push(stow("-R", "pkg"));
    rmSync(dir, { recursive: true, force: true });
  }
  return { first: median(first), noop: median(noop), change: median(change) };
}
