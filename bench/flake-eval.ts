// Evaluating the seed flake in-process after start-up (the budget
// is 50 ms), and a synthetic configuration of 500 to 2,000 Nix modules to
// show how evaluation scales (time per module should stay flat).
// Run: node --import tsx bench/flake-eval.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../src/flake/flake-system.ts";
import { loadFlake } from "../src/flake/load-flake.ts";
import { findSystemConfig, systemConfigOf } from "../src/flake/system-config.ts";
import { evaluateSystem } from "../src/build/evaluate-system.ts";
import { toJS } from "../src/nix/js-value.ts";
import { median, msSince as ms, scratchDir, size } from "./lib/bench-env.ts";

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

evalSeed(seed);
const runs = Array.from({ length: SEED_RUNS }, () => evalSeed(seed));
console.log(`seed flake, evaluated in-process after warm-up: median ${median(runs).toFixed(1)} ms of ${SEED_RUNS} (budget 50 ms)`);

for (const n of SIZES) {
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
  const took = ms(t);
  console.log(`${String(n).padStart(5)} modules: ${took.toFixed(0).padStart(6)} ms, ${(took / n).toFixed(3)} ms per module (${chars} bytes of /etc)`);
}
