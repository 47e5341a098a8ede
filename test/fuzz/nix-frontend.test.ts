/**
 * Fuzzing the Nix front end: mutants of the seed flake and of the language
 * corpus (byte flips, truncations, token swaps, splices, deep nesting) are
 * parsed, evaluated and printed in a worker with a 10 s cap and a memory
 * cap each (some flake mutants are loaded as flakes, their system
 * configuration evaluated). Every input must end in a value or a user error: never a
 * JavaScript error or stack overflow, a hang, or the worker running out of
 * memory. The default run is short and fixed (FUZZ_SEED, 300 inputs);
 * FUZZ_RUNS=N runs more, FUZZ_ONLY=I re-runs one input of a seed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Worker } from "node:worker_threads";
import { mutate, pick, random } from "./mutate.ts";
import type { FuzzReply, FuzzRequest } from "./nix-worker.ts";

const repo = join(import.meta.dirname, "../..");
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
const CAP_MS = 10_000;

/** The corpus as an in-memory tree under /corpus (imports between cases resolve in it). */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".nix")) files[`/corpus/${relative(join(repo, "test/nix/lang"), p)}`] = readFileSync(p, "utf8");
    }
  };
  walk(join(repo, "test/nix/lang"));
  files["/corpus/flake/flake.nix"] = readFileSync(join(repo, "examples/home-manager/flake.nix"), "utf8");
  return files;
}

const BOOT = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.tsx).then((t) => t.register()).then(() => import(workerData.module)).then(() => parentPort.postMessage({ ready: true }));
`;

class Harness {
  #worker: Worker | undefined;
  #sentFiles = false;
  readonly files: Record<string, string>;
  constructor(files: Record<string, string>) {
    this.files = files;
  }

  async #start(): Promise<Worker> {
    const w = new Worker(BOOT, {
      eval: true,
      workerData: { module: new URL("./nix-worker.ts", import.meta.url).href, tsx: import.meta.resolve("tsx/esm/api") },
      resourceLimits: { stackSizeMb: 16, maxOldGenerationSizeMb: 768 },
    });
    await new Promise<void>((ok, fail) => {
      w.once("message", () => ok());
      w.once("error", fail);
    });
    this.#sentFiles = false;
    return w;
  }

  /** Runs one input; a hang or a dead worker is reported as a bug (and the worker replaced). */
  async run(id: number, source: string, file: string, flake: boolean): Promise<FuzzReply> {
    const w = (this.#worker ??= await this.#start());
    const req: FuzzRequest = { id, source, file, flake, files: this.#sentFiles ? undefined : this.files };
    this.#sentFiles = true;
    return new Promise<FuzzReply>((ok) => {
      const done = (r: FuzzReply, dead: boolean) => {
        clearTimeout(timer);
        w.removeAllListeners("message").removeAllListeners("error");
        if (dead) {
          void w.terminate();
          this.#worker = undefined;
        }
        ok(r);
      };
      const timer = setTimeout(() => done({ id, outcome: "bug", detail: `no result after ${CAP_MS} ms` }, true), CAP_MS);
      w.on("message", (r: FuzzReply) => done(r, false));
      w.on("error", (e) => done({ id, outcome: "bug", detail: `the worker died: ${e.message}` }, true));
      w.postMessage(req);
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
  }
}

test(`Nix front end: ${ONLY === undefined ? RUNS : 1} mutated inputs end in a value or a user error (seed ${SEED})`, async () => {
  const files = corpus();
  const seeds = Object.keys(files).filter((f) => !f.includes("/lib/"));
  const harness = new Harness(files);
  const findings: string[] = [];
  const outcomes = { value: 0, "user-error": 0, bug: 0 };
  try {
    for (let i = ONLY ?? 0; i < (ONLY === undefined ? RUNS : ONLY + 1); i++) {
      const rng = random(SEED * 7919 + i);
      // One input in three comes from the seed flake, the rest from the corpus.
      const file = rng() < 1 / 3 ? "/corpus/flake/flake.nix" : pick(rng, seeds);
      const source = mutate(rng, files[file] as string, files[pick(rng, seeds)] as string);
      // One flake mutant in ten is loaded as a flake, with its configuration evaluated.
      const asFlake = file.endsWith("flake.nix") && rng() < 0.1;
      const r = await harness.run(i, source, file, asFlake);
      outcomes[r.outcome]++;
      if (r.outcome === "bug") findings.push(`input ${i} (FUZZ_SEED=${SEED} FUZZ_ONLY=${i}), from ${file}${asFlake ? " as a flake" : ""}, ${source.length} characters: ${JSON.stringify(source.slice(0, 300))}\n${r.detail}`);
    }
  } finally {
    await harness.close();
  }
  assert.deepEqual(findings, [], `${findings.length} inputs failed:\n\n${findings.join("\n\n")}`);
  assert.ok(outcomes.value + outcomes["user-error"] > 0);
});
