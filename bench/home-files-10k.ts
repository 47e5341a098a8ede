// 10,000 managed home files: first activation, a no-op activation and a
// one-file change, against GNU stow (`stow`, `stow -R`) on the same tree in
// the same run. Prints times and ratios. Needs stow (apt-get install stow).
// Run: node --import tsx bench/home-files-10k.ts
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeGenerationSpec, HOME_GENERATION_NAME } from "../src/build/home-generation.ts";
import { writeStorePath } from "../src/store/write-store-path.ts";
import { STORE_DIR } from "../src/store/store-path.ts";
import { activateHome } from "../src/activate/home/activate-home.ts";
import { sortActivation } from "../src/build/activation-dag.ts";

const N = Number(process.env.FILES ?? 10_000);
const rel = (i: number) => `d${Math.floor(i / 100)}/sub${i % 10}/file${i}.conf`;
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

function homeConfig(changed: number | undefined) {
  const file: Record<string, unknown> = {};
  for (let i = 0; i < N; i++) file[`f${i}`] = { enable: true, target: rel(i), text: `value ${i}${i === changed ? " (changed)" : ""}\n`, executable: null, recursive: false, onChange: "", force: false };
  return { home: { username: "bench", homeDirectory: "/home/bench", uid: null, stateVersion: "25.05", file, activation: {}, textFiles: {}, linkFarms: {}, sessionVariablesFile: "" } };
}

const root = mkdtempSync(join(tmpdir(), "sm-bench-home-"));
const home = join(root, "home/bench");
mkdirSync(home, { recursive: true });
sortActivation({});
async function build(changed?: number) {
  const content = homeGenerationSpec("bench", homeConfig(changed), () => new Map());
  return writeStorePath(root, HOME_GENERATION_NAME, content.tree);
}
const activate = (generation: string) =>
  activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: {}, log: () => undefined });

let t = process.hrtime.bigint();
const g1 = await build();
const buildMs = ms(t);
t = process.hrtime.bigint();
activate(g1);
const first = ms(t);
t = process.hrtime.bigint();
activate(g1);
const noop = ms(t);
const g2 = await build(42);
t = process.hrtime.bigint();
activate(g2);
const change = ms(t);

const stowDir = mkdtempSync(join(tmpdir(), "sm-bench-stow-"));
const pkg = join(stowDir, "pkg");
const target = mkdtempSync(join(tmpdir(), "sm-bench-stow-home-"));
for (let i = 0; i < N; i++) {
  mkdirSync(join(pkg, rel(i), ".."), { recursive: true });
  writeFileSync(join(pkg, rel(i)), `value ${i}\n`);
}
const stow = (...args: string[]) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("stow", ["--no-folding", "-d", stowDir, "-t", target, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`stow failed: ${r.stderr}`);
  return ms(t0);
};
const sFirst = stow("pkg");
const sNoop = stow("-R", "pkg");
writeFileSync(join(pkg, rel(42)), "value 42 (changed)\n");
const sChange = stow("-R", "pkg");

const row = (what: string, a: number, b: number) => console.log(`${what.padEnd(22)} ${a.toFixed(0).padStart(7)} ms   stow ${b.toFixed(0).padStart(7)} ms   ratio ${(a / b).toFixed(2)}`);
console.log(`${N} files; building the home generation took ${buildMs.toFixed(0)} ms`);
row("first activation", first, sFirst);
row("no-op activation", noop, sNoop);
row("one file changed", change, sChange);
