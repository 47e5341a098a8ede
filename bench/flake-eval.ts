// Evaluating the seed flake in-process after start-up (the budget
// is 50 ms), and a synthetic configuration of 500 to 2,000 Nix modules to
// show how evaluation scales (time per module should stay flat). Each
// measurement runs in a child Node (this file with --child) so that its
// peak RSS (bench/lib/measure.ts) is its own; "modules loaded" is a child
// that only loads the code (and tsx, which every child pays) and exits:
// what an evaluation adds is the difference.
// Run: node --import tsx bench/flake-eval.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../src/flake/flake-system.ts";
import { loadFlake } from "../src/flake/load-flake.ts";
import { findSystemConfig, systemConfigOf } from "../src/flake/system-config.ts";
import { evaluateSystem } from "../src/build/evaluate-system.ts";
import { toJS } from "../src/nix/js-value.ts";
import { median, msSince as ms, scratchDir, size } from "./lib/bench-env.ts";
import { formatMB, runMeasured } from "./lib/measure.ts";

const SEED_RUNS = size(10, 3);
const SIZES = size([500, 1000, 2000], [20, 40]);
const seed = join(import.meta.dirname, "../examples/home-manager");

function evalSeed(dir: string): number {
  const t = process.hrtime.bigint();
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  const outputs = loadFlake(dir, ctx);
  const system = systemConfigOf(findSystemConfig(outputs, dir, "x86_64-linux", "bench", undefined), dir);
  const { evaluation } = evaluateSystem(system.modules, system.specialArgs);
  const cfg = toJS(evaluation.config) as Record<string, any>;
  JSON.stringify([cfg.users, cfg.environment.etc, cfg["home-manager"].users.alice.home.file, cfg["home-manager"].users.alice.programs.git.settings]);
  return ms(t);
}

/** Evaluates a flake of `n` synthetic modules; its time and the bytes of /etc it makes. */
function evalModules(n: number): { ms: number; chars: number } {
  const dir = scratchDir("sm-bench-flake-");
  const modules = Array.from({ length: n }, (_, i) =>
    `({ lib, ... }: { environment.etc."bench/f${i}.conf".text = "value ${i}\\n"; users.groups."g${i}" = { gid = ${10000 + i}; }; })`,
  ).join("\n");
  writeFileSync(
    join(dir, "flake.nix"),
    `{ inputs.system-manager.url = "github:numtide/system-manager";
       outputs = { self, system-manager }: { systemConfigs.default = system-manager.lib.makeSystemConfig {
         modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; } ${modules} ]; }; }; }`,
  );
  const t = process.hrtime.bigint();
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  const outputs = loadFlake(dir, ctx);
  const cfg = systemConfigOf(findSystemConfig(outputs, dir, "x86_64-linux", "bench", undefined), dir);
  const { evaluation } = evaluateSystem(cfg.modules, cfg.specialArgs);
  const etc = toJS(evaluation.config.get("environment") as never) as { etc: Record<string, { text: string }> };
  let chars = 0;
  for (const k of Object.keys(etc.etc)) chars += etc.etc[k]?.text.length ?? 0;
  return { ms: ms(t), chars };
}

/** Runs this file with `--child what` and parses what it printed, with the child's peak RSS. */
function child<T>(what: string): T & { rss: string } {
  const r = runMeasured(process.execPath, ["--import", "tsx", import.meta.filename, "--child", what]);
  if (r.status !== 0) throw new Error(`--child ${what} exited ${r.status}:\n${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as T), rss: formatMB(r.peakRssMB) };
}

const at = process.argv.indexOf("--child");
if (at !== -1) {
  const what = process.argv[at + 1] as string;
  if (what === "none") console.log("{}");
  else if (what === "seed") {
    evalSeed(seed);
    console.log(JSON.stringify({ runs: Array.from({ length: SEED_RUNS }, () => evalSeed(seed)) }));
  } else console.log(JSON.stringify(evalModules(Number(what))));
} else {
  console.log(`modules loaded, nothing evaluated: peak RSS ${child("none").rss}`);
  const s = child<{ runs: number[] }>("seed");
  console.log(`seed flake, evaluated in-process after warm-up: median ${median(s.runs).toFixed(1)} ms of ${SEED_RUNS} (budget 50 ms); peak RSS ${s.rss}`);
  for (const n of SIZES) {
    const r = child<{ ms: number; chars: number }>(String(n));
    console.log(`${String(n).padStart(5)} modules: ${r.ms.toFixed(0).padStart(6)} ms, ${(r.ms / n).toFixed(3)} ms per module (${r.chars} bytes of /etc); peak RSS ${r.rss}`);
  }
}
