/**
 * The other process of test/packages/temp-roots.test.ts, run as
 * `node --import tsx temp-roots-child.ts MODE ROOT ...`:
 *   hold ROOT TEXT   writes a store path, prints it, and lives until killed
 *   build ROOT N RUNS  N builds, each writing a dependency and a generation
 *                    linking to it, waiting for a whole gc run to pass (the
 *                    count in the file RUNS to go up by two), then making it
 *                    the profile's only generation; prints the generations
 *                    whose closure was missing a path once linked
 *   gc ROOT STOP     collects garbage again and again until the file STOP
 *                    exists, writing how many runs it finished to STOP.runs
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { linkFarmTree, textFileTree } from "../../src/store/text-store-path.ts";
import { collectGarbage } from "../../src/packages/gc.ts";
import { PROFILES_DIR } from "../../src/activate/generations.ts";

const [mode, root, arg, runsFile] = process.argv.slice(2) as [string, string, string, string];
const runs = (file: string) => Number(existsSync(file) ? readFileSync(file, "utf8") : "0");
const pause = new Int32Array(new SharedArrayBuffer(4));

if (mode === "hold") {
  process.stdout.write((await writeStorePath(root, "held", textFileTree(arg))) + "\n");
  setInterval(() => undefined, 1 << 30);
} else if (mode === "build") {
  const profiles = join(root, PROFILES_DIR);
  mkdirSync(profiles, { recursive: true });
  const missing: string[] = [];
  for (let i = 0; i < Number(arg); i++) {
    const dep = await writeStorePath(root, "dep", textFileTree(`dependency ${i}\n`));
    const gen = await writeStorePath(root, "gen", linkFarmTree({ dep }));
    const seen = runs(runsFile);
    while (runs(runsFile) < seen + 2) Atomics.wait(pause, 0, 0, 5);
    symlinkSync(gen, join(profiles, ".new"));
    renameSync(join(profiles, ".new"), join(profiles, `system-${i}-link`));
    rmSync(join(profiles, `system-${i - 1}-link`), { force: true });
    if (!existsSync(join(root, gen)) || !existsSync(join(root, dep))) missing.push(gen);
  }
  process.stdout.write(JSON.stringify(missing) + "\n");
} else if (mode === "gc") {
  let done = 0;
  // A gc that failed lets the build go on (to fail the test) instead of waiting for runs that never come.
  process.on("exit", (code) => code !== 0 && writeFileSync(`${arg}.runs`, "Infinity"));
  while (!existsSync(arg)) {
    collectGarbage(root, { dryRun: false });
    writeFileSync(`${arg}.runs.tmp`, String(++done));
    renameSync(`${arg}.runs.tmp`, `${arg}.runs`);
  }
  process.stdout.write(`${done}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
